"""Events → scored facts. One place says which event feeds which KPI and how.

Each mapper is registered under its event type; `SCORED` (the registered types) is also
what the durables ask JetStream for, so an event no mapper reads never reaches this
service (a web form's leads.created / leads.assigned cost it nothing). A new fact: add
its mapper here and the subscription follows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from google.protobuf import symbol_database
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.events.v1 import leads_pb2 as le
from salesos.events.v1 import pipeline_pb2 as pe
from salesos.events.v1 import workorders_pb2 as we
from salesos.events.v1.envelope_pb2 import Envelope

from incentives.domain import facts as f
from incentives.domain.periods import SHANGHAI

Mapper = Callable[[Envelope, Message], list[f.Fact]]
_MAPPERS: dict[str, Mapper] = {}


def _maps(event_type: str) -> Callable[[Mapper], Mapper]:
    def register(mapper: Mapper) -> Mapper:
        _MAPPERS[event_type] = mapper
        return mapper
    return register


def when(stamp: Timestamp, envelope: Envelope) -> datetime:
    """The event's own time; the envelope's occurred_at when the payload left it empty."""
    chosen = stamp if stamp.seconds or stamp.nanos else envelope.occurred_at
    return chosen.ToDatetime(tzinfo=SHANGHAI)


def _fact(envelope: Envelope, kind: str, user: str, region: str, subject: str,
          at: datetime, *, ok: bool = True, value: int = 0) -> list[f.Fact]:
    if not user:
        return []
    return [f.Fact(envelope.id, envelope.type, kind, user, region, subject, at, ok, value)]


def facts_of(envelope: Envelope, p: Message) -> list[f.Fact]:
    mapper = _MAPPERS.get(envelope.type)
    return mapper(envelope, p) if mapper else []


@_maps("pipeline.visit_reported")
def _visit_reported(e: Envelope, p: Message) -> list[f.Fact]:
    if not isinstance(p, pe.VisitReported) or not p.first:
        return []
    delay = int((p.reported_at.ToDatetime() - p.stage_entered_at.ToDatetime())
                .total_seconds()) if p.stage_entered_at.seconds else 0
    return _fact(e, f.VISIT_REPORT, p.owner_id or p.rep_id, p.region_id, p.opportunity_id,
                 when(p.reported_at, e), value=max(delay, 0))


# A spreadsheet import hands a rep hundreds of leads at once, which no first-contact
# allowance is made for: its follow-up is the import's (leads.import_first_contact_due
# tells the managers, owner by owner). Its leads are left out of the per-lead KPI both
# ways — neither misses that would sink every score of that week, nor hits that would
# let a rep pick the easy ones to lift theirs.
IMPORT_SOURCE = "import"


@_maps("leads.contact_logged")
def _contact_logged(e: Envelope, p: Message) -> list[f.Fact]:
    if not isinstance(p, le.LeadContactLogged) or not p.first or p.source == IMPORT_SOURCE:
        return []
    return _fact(e, f.FIRST_CONTACT, p.owner_id, "", p.lead_id, when(p.contacted_at, e))


@_maps("leads.first_contact_overdue")
def _first_contact_overdue(e: Envelope, p: Message) -> list[f.Fact]:
    if not isinstance(p, le.LeadFirstContactOverdue) or p.import_id:
        return []
    return _fact(e, f.FIRST_CONTACT, p.owner_id, p.region_id, p.lead_id, when(p.due_at, e),
                 ok=False)


@_maps("pipeline.stage_changed")
def _stage_changed(e: Envelope, p: Message) -> list[f.Fact]:
    if not isinstance(p, pe.StageChanged):
        return []
    if p.to_stage == "first_visit" and p.from_stage == "lead":
        # entered once; a move back and forth again is not new
        return _fact(e, f.FIRST_VISIT_ENTERED, p.owner_id, p.region_id, p.opportunity_id,
                     when(p.changed_at, e))
    if p.to_stage == "solution_design":
        return _fact(e, f.DESIGN_ENTERED, p.owner_id, p.region_id, p.opportunity_id,
                     when(p.changed_at, e))
    return []


@_maps("pipeline.needs_recorded")
def _needs_recorded(e: Envelope, p: Message) -> list[f.Fact]:
    if not isinstance(p, pe.NeedsRecorded) or not p.complete:
        return []
    return _fact(e, f.NEEDS_COMPLETE, p.owner_id, p.region_id, p.opportunity_id,
                 when(p.recorded_at, e))


@_maps("pipeline.quote_issued")
def _quote_issued(e: Envelope, p: Message) -> list[f.Fact]:
    if not isinstance(p, pe.QuoteIssued) or p.version != 1:
        return []
    opened = p.opportunity_opened_at.ToDatetime() if p.opportunity_opened_at.seconds \
        else p.issued_at.ToDatetime()
    seconds = int((p.issued_at.ToDatetime() - opened).total_seconds())
    return _fact(e, f.QUOTE_FIRST, p.owner_id, p.region_id, p.opportunity_id,
                 when(p.issued_at, e), value=max(seconds, 0))


@_maps("workorders.accepted")
def _work_order_accepted(e: Envelope, p: Message) -> list[f.Fact]:
    if not isinstance(p, we.WorkOrderAccepted):
        return []
    return _fact(e, f.WORK_ORDER_ACCEPTED, p.ref.assignee_id, p.ref.region_id,
                 p.ref.work_order_id, when(p.accepted_at, e), ok=p.on_time)


@_maps("pipeline.deal_won")
def _deal_won(e: Envelope, p: Message) -> list[f.Fact]:
    if not isinstance(p, pe.DealWon):
        return []
    return _fact(e, f.DEAL_WON, p.owner_id, p.region_id, p.opportunity_id,
                 when(p.won_at, e), value=p.amount_fen)


@_maps("pipeline.opportunity_opened")
def _opportunity_opened(e: Envelope, p: Message) -> list[f.Fact]:
    if not isinstance(p, pe.OpportunityOpened):
        return []
    return _fact(e, f.OPPORTUNITY_OPENED, p.owner_id, p.region_id, p.opportunity_id,
                 when(p.opened_at, e))


@_maps("pipeline.deal_history_recorded")
def _deal_history(e: Envelope, p: Message) -> list[f.Fact]:
    """A deal of the demo's back-dated year: the events its past raised, each mapped as if
    it had come live (its own id and time), so the demo's KPI facts are the pipeline's
    history. No survey is issued for a past visit (consumers.touch_of reads no history)."""
    if not isinstance(p, pe.DealHistoryRecorded):
        return []
    return [x for inner in p.events if inner.type in _MAPPERS and inner.type != e.type
            for x in facts_of(inner, _unpacked(inner))]


def _unpacked(envelope: Envelope) -> Message:
    payload = symbol_database.Default().GetSymbol(envelope.payload.TypeName())()
    envelope.payload.Unpack(payload)
    return payload


SCORED = frozenset(_MAPPERS)
