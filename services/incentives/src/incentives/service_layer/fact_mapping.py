"""Events → scored facts. One place says which event feeds which KPI and how."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.events.v1 import leads_pb2 as le
from salesos.events.v1 import pipeline_pb2 as pe
from salesos.events.v1 import workorders_pb2 as we
from salesos.events.v1.envelope_pb2 import Envelope

from incentives.domain import facts as f
from incentives.domain.periods import SHANGHAI


def when(stamp: Timestamp, envelope: Envelope) -> datetime:
    """The event's own time; the envelope's occurred_at when the payload left it empty."""
    chosen = stamp if stamp.seconds or stamp.nanos else envelope.occurred_at
    return chosen.ToDatetime(tzinfo=SHANGHAI)


def facts_of(envelope: Envelope, p: Message) -> list[f.Fact]:
    def fact(kind: str, user: str, region: str, subject: str, at: datetime, *,
             ok: bool = True, value: int = 0) -> list[f.Fact]:
        if not user:
            return []
        return [f.Fact(envelope.id, envelope.type, kind, user, region, subject, at, ok, value)]

    if isinstance(p, pe.VisitReported) and p.first:
        delay = int((p.reported_at.ToDatetime() - p.stage_entered_at.ToDatetime())
                    .total_seconds()) if p.stage_entered_at.seconds else 0
        return fact(f.VISIT_REPORT, p.owner_id or p.rep_id, p.region_id, p.opportunity_id,
                    when(p.reported_at, envelope), value=max(delay, 0))
    if isinstance(p, le.LeadContactLogged) and p.first:
        return fact(f.FIRST_CONTACT, p.owner_id, "", p.lead_id, when(p.contacted_at, envelope))
    if isinstance(p, le.LeadFirstContactOverdue):
        return fact(f.FIRST_CONTACT, p.owner_id, p.region_id, p.lead_id,
                    when(p.due_at, envelope), ok=False)
    if isinstance(p, pe.StageChanged) and p.to_stage == "first_visit" \
            and p.from_stage == "lead":  # entered once; a move back and forth again is not new
        return fact(f.FIRST_VISIT_ENTERED, p.owner_id, p.region_id, p.opportunity_id,
                    when(p.changed_at, envelope))
    if isinstance(p, pe.StageChanged) and p.to_stage == "solution_design":
        return fact(f.DESIGN_ENTERED, p.owner_id, p.region_id, p.opportunity_id,
                    when(p.changed_at, envelope))
    if isinstance(p, pe.NeedsRecorded) and p.complete:
        return fact(f.NEEDS_COMPLETE, p.owner_id, p.region_id, p.opportunity_id,
                    when(p.recorded_at, envelope))
    if isinstance(p, pe.QuoteIssued) and p.version == 1:
        opened = p.opportunity_opened_at.ToDatetime() if p.opportunity_opened_at.seconds \
            else p.issued_at.ToDatetime()
        seconds = int((p.issued_at.ToDatetime() - opened).total_seconds())
        return fact(f.QUOTE_FIRST, p.owner_id, p.region_id, p.opportunity_id,
                    when(p.issued_at, envelope), value=max(seconds, 0))
    if isinstance(p, we.WorkOrderAccepted):
        return fact(f.WORK_ORDER_ACCEPTED, p.ref.assignee_id, p.ref.region_id,
                    p.ref.work_order_id, when(p.accepted_at, envelope), ok=p.on_time)
    if isinstance(p, pe.DealWon):
        return fact(f.DEAL_WON, p.owner_id, p.region_id, p.opportunity_id,
                    when(p.won_at, envelope), value=p.amount_fen)
    if isinstance(p, pe.OpportunityOpened):
        return fact(f.OPPORTUNITY_OPENED, p.owner_id, p.region_id, p.opportunity_id,
                    when(p.opened_at, envelope))
    return []
