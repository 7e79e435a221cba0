"""An import batch's new leads assigned and their first-contact clocks started in the
batch's own transaction, the way intake places its arrivals (`intake_inline`).

Before, every imported lead was inserted `new`, and the `leads-assigner` consumer then
loaded it, locked it and UPDATEd it (owner, region, status: indexed columns, so a new
row version with all fifteen index entries again, three of them trigram GIN), and the
clock consumer UPDATEd it once more with its due time. That doubled PostgreSQL's work
per lead and ran on the same cores as the job (a 100k-row import: ~42 s of PostgreSQL CPU
after the job was `done`, half the leads still new three minutes later). Now the batch's
new leads are decided by the same `deciding.decide_all` before they are inserted, so each
row is written once, assigned, with its deadlines and the turns it took.

The consumers stay and need do nothing: the events name them as done (`done_for`, read
from the message header when this process's relay publishes the rows; no inbox rows are
written, so a swept copy is applied and finds nothing to do: the lead is no longer `new`,
and its clock's deadline rows carry its `assigned_at`). When the org directory cannot
answer, the leads stay `new` and the assigner places them from their leads.created,
exactly as before.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2 as events_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters import import_clocks, import_outbox, import_writer, teams_repo
from leads.domain.import_uploader import Uploader
from leads.domain.lead_wire import FIELDS, LeadView
from leads.domain.model import NEW, Lead
from leads.service_layer import import_own, intake_inline
from leads.service_layer.handlers import Deps
from leads.service_layer.intake_inline import Placed
from leads.service_layer.messages import SUBJECTS, to_message

_LISTS = ("score_factors", "decision_chain", "tags")


class Raced(Exception):
    """A lead the rules placed here was not inserted (another job stored its row key
    meanwhile): the turns it took must not be written; the batch is redone without the
    rules. A rep's own import takes no turns, so it never races: its leads are placed
    with the rep on every path."""


def as_lead(view: LeadView) -> Lead:
    """The Lead an imported row's view stands for (no events recorded), to be assigned:
    its field dict made in one go (setattr per list field cost a quarter more)."""
    values = dict(zip(FIELDS, view, strict=True))
    for name in _LISTS:
        values[name] = list(values[name])
    values["events"] = []
    lead = Lead.__new__(Lead)
    lead.__dict__ = values
    return lead


async def place(session: AsyncSession, views: Sequence[LeadView], deps: Deps, *,
                inline: bool, uploader: Uploader | None = None) -> tuple[list[Lead], Placed]:
    """The leads, assigned in place: a rep's own import to the rep (import_own) always,
    even when a batch is redone (`inline` False): left new, the assigner would hand the
    rep's own customers out by the rules; any other import by the rules when `inline` and
    the directory answers."""
    leads = [as_lead(view) for view in views]
    if uploader is not None and uploader.keeps_the_leads:
        return leads, await import_own.own_and_start(session, leads, uploader, deps)
    if not inline:
        return leads, Placed()
    return leads, await intake_inline.assign_and_start(session, leads, deps)


async def store(session: AsyncSession, leads: Sequence[Lead], placed: Placed, *,
                import_id: uuid.UUID) -> set[str]:
    """Inserts the leads whose row key is new, with the clocks and turns of those placed;
    the ids inserted. Raises Raced when a lead placed by turns could not be inserted; a
    placement that took none (a rep's own import) keeps the clocks of the leads inserted.
    The clocks are the import's: their thresholds are told per owner (import_clocks), not
    per lead."""
    created = await import_writer.insert_new(session, leads)
    if any(lead.status != NEW for lead in leads):
        took_turns = bool(placed.turns["s_ids"] or placed.turns["s_keys"])
        if took_turns and len(created) != len(leads):
            raise Raced
        clocks = {i: clock for i, clock in placed.clocks.items() if i in created}
        await import_writer.insert_deadlines(session, clocks, import_id)
        await import_clocks.arm(session, import_id=import_id, clocks=clocks)
        if took_turns:
            await teams_repo.save_turns(session, placed.turns)
    return created


def events_of(view: LeadView, lead: Lead, placed: Placed, *, import_id: uuid.UUID,
              file_name: str = "") -> list[import_outbox.Item]:
    """leads.created as the row's view has it (not assigned yet: region_id empty, like
    intake's), then what the assignment recorded on the lead (leads.assigned or
    leads.unassigned); each naming the consumers whose work is done (`done_for`)."""
    done = intake_inline.done_for(placed=lead.status != NEW, clock=lead.id in placed.clocks)
    # A lead left new names the import, to be counted in it when placed.
    created = import_outbox.created_message(view, import_id=str(import_id))
    return [("leads.created", lead.id, created, done.get("leads.created", ())),
            *((subject, lead.id, _marked(to_message(event), import_id, file_name),
               done.get(subject, ()))
              for event in lead.events if (subject := SUBJECTS[type(event)]))]


def _marked(message: Message, import_id: uuid.UUID, file_name: str) -> Message:
    """leads.assigned names the import, so its owner hears of it once per import;
    leads.unassigned too, so its managers hear of the import's unplaceable leads once."""
    if isinstance(message, events_pb2.LeadAssigned):
        message.import_id = str(import_id)
    elif isinstance(message, events_pb2.LeadUnassignable):
        message.import_id, message.import_file_name = str(import_id), file_name
    return message
