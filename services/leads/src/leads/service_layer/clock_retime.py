"""A running first-contact clock after the lead's urgency changed (PATCH /leads/{id}).

The rule is `first_contact.retimed`: a raised urgency shortens the clock (from the
assignment, with the new allowance), a lowered one leaves it as it is. The new deadlines
replace the pending ones in the caller's transaction, like any clock restart
(`clock_batch_repo.restart_clocks`), keeping the clock's start (the assignment), so the
clock consumer still knows this clock as running. An imported lead's clock stays its
import's (its thresholds told in the import's per-owner summary).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters import clock_batch_repo, clock_repo, import_clocks
from leads.domain import first_contact
from leads.domain.first_contact import OVERDUE
from leads.domain.model import ASSIGNED, Lead
from leads.service_layer.clock_rules import ClockRules


def _running(lead: Lead) -> bool:
    return (lead.status == ASSIGNED and lead.first_contacted_at is None
            and lead.assigned_at is not None and lead.first_contact_due_at is not None
            and not lead.merged_into)


async def after_urgency_change(session: AsyncSession, lead: Lead, *, rules: ClockRules,
                               now: datetime) -> bool:
    """Re-times the lead's running clock for its (new) urgency; True when it did."""
    if not _running(lead):
        return False
    pending = await clock_repo.pending(session, lead_id=lead.id)
    overdue = [row for row in pending if row.kind == OVERDUE and row.owner_id == lead.owner_id]
    if not overdue:  # already fired: the escalation happened, nothing left to shorten
        return False
    assert lead.assigned_at is not None
    years = sorted({lead.assigned_at.year, now.year})
    calendar = await rules.calendar.load(session, years[0], years[-1] + 1)
    hours = first_contact.clock_hours(lead.urgency, rules.hours_by_urgency)
    due = first_contact.retimed(assigned_at=lead.assigned_at, running_due=overdue[0].due_at,
                                now=now, hours=hours, calendar=calendar)
    if due is None:
        return False
    clock = {lead.id: (lead.owner_id, lead.assigned_at, due)}
    await clock_repo.stop_clock(session, lead_id=lead.id, now=now)  # cancelled now, not then
    await clock_batch_repo.restart_clocks(session, clock)
    lead.first_contact_due_at = due[-1].due_at
    if overdue[0].import_id is not None:
        await clock_repo.mark_imported(session, lead_id=lead.id, import_id=overdue[0].import_id)
        await import_clocks.arm(session, import_id=overdue[0].import_id, clocks=clock)
    return True
