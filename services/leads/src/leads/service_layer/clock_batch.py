"""The first-contact clock started for a whole batch of leads.assigned at once.

`clock.start_clock` per event was four statements (lock the lead, cancel its old
deadlines, insert the new ones, stamp the due time) and a calendar merge; a burst paid
that per lead. Here a batch is four statements in all: the leads locked in id order, one
UPDATE cancelling every started lead's pending deadlines, one multi-row INSERT, one
batched UPDATE of `first_contact_due_at`.

The outcome is that of `start_clock` applied to the events in order: an event whose
owner no longer holds the lead (or a lead not `assigned`) does nothing; when several
events of one lead start a clock, the last one's clock is the one that runs (one by one,
the earlier clocks would have been started and cancelled at once).
"""

from __future__ import annotations

from datetime import UTC, datetime

from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.batching import Delivery
from servicekit.uow import UnitOfWork
from servicekit.workcal.loader import report_fallbacks

from leads.adapters import clock_batch_repo, repository
from leads.domain import first_contact
from leads.domain.first_contact import Deadline
from leads.domain.model import ASSIGNED
from leads.service_layer.clock import ClockRules


async def start_clocks(uow: UnitOfWork, deliveries: list[Delivery], rules: ClockRules) -> None:
    assigned = [d.payload for d in deliveries if isinstance(d.payload, events_pb2.LeadAssigned)]
    if len(assigned) != len(deliveries):
        raise TypeError("leads-clock: a payload other than LeadAssigned")  # one by one then
    leads = {lead.id: lead for lead in await repository.get_many_for_update(
        uow.session, lead_ids=[e.lead_id for e in assigned])}
    latest: dict[str, events_pb2.LeadAssigned] = {}
    for event in assigned:  # in delivery order: a later matching event wins
        lead = leads.get(event.lead_id)
        if lead is not None and lead.status == ASSIGNED and lead.owner_id == event.owner_id:
            latest[lead.id] = event
    clocks: dict[str, tuple[str, datetime, list[Deadline]]] = {}
    for lead_id, event in latest.items():
        start = event.assigned_at.ToDatetime(tzinfo=UTC)
        calendar = await rules.calendar.load(uow.session, start.year, start.year + 1)
        lead = leads[lead_id]
        hours = first_contact.clock_hours(getattr(lead, "urgency", None), rules.hours_by_urgency)
        due = first_contact.deadlines(start, hours, calendar)
        report_fallbacks(calendar, subject=f"lead {lead_id}")
        clocks[lead_id] = (lead.owner_id, start, due)
    await clock_batch_repo.restart_clocks(uow.session, clocks)
