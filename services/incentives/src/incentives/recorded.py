"""A recorded event sequence of one rep's week (2026-W48), as the streams deliver it.

Test data kept in the package so unit and integration tests replay the same events."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.events.v1 import leads_pb2 as le
from salesos.events.v1 import pipeline_pb2 as pe
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.envelope import new_envelope

from incentives.domain.periods import SHANGHAI

REP, REGION = "rep-1", "east"


def at(day: int, hour: int) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(datetime(2026, 11, day, hour, tzinfo=SHANGHAI))
    return stamp


def _env(event: Message, kind: str) -> tuple[Envelope, Message]:
    return new_envelope(event, type=kind, source=kind.split(".")[0], aggregate_id="x"), event


def week_48() -> list[tuple[Envelope, Message]]:
    return [
        _env(pe.OpportunityOpened(opportunity_id="o1", owner_id=REP, region_id=REGION,
                                  opened_at=at(23, 9)), "pipeline.opportunity_opened"),
        # o1, o2 and o3 enter 初访 on Monday 09:00; o1's report comes after 24 h (ok), o2's
        # after 73 h (late), o3's never (a miss once 48 h have passed)
        *(_env(pe.StageChanged(opportunity_id=o, owner_id=REP, region_id=REGION,
                               from_stage="lead", to_stage="first_visit",
                               changed_at=at(23, 9)), "pipeline.stage_changed")
          for o in ("o1", "o2", "o3")),
        _env(pe.VisitReported(visit_id="v1", opportunity_id="o1", owner_id=REP, rep_id=REP,
                              region_id=REGION, first=True, stage_entered_at=at(23, 9),
                              reported_at=at(24, 9)), "pipeline.visit_reported"),
        _env(pe.VisitReported(visit_id="v2", opportunity_id="o2", owner_id=REP, rep_id=REP,
                              region_id=REGION, first=True, stage_entered_at=at(23, 9),
                              reported_at=at(26, 10)), "pipeline.visit_reported"),
        _env(pe.VisitReported(visit_id="v3", opportunity_id="o1", owner_id=REP, rep_id=REP,
                              region_id=REGION, first=False, stage_entered_at=at(23, 9),
                              reported_at=at(27, 10)), "pipeline.visit_reported"),
        # lead L1 contacted in time; L2 ran overdue, then was contacted: still a miss
        _env(le.LeadContactLogged(lead_id="L1", owner_id=REP, first=True,
                                  contacted_at=at(23, 10)), "leads.contact_logged"),
        _env(le.LeadFirstContactOverdue(lead_id="L2", owner_id=REP, region_id=REGION,
                                        due_at=at(23, 17)), "leads.first_contact_overdue"),
        _env(le.LeadContactLogged(lead_id="L2", owner_id=REP, first=True,
                                  contacted_at=at(24, 10)), "leads.contact_logged"),
        # o1 had complete needs before 方案设计, o2 did not
        _env(pe.NeedsRecorded(opportunity_id="o1", owner_id=REP, region_id=REGION,
                              complete=True, recorded_at=at(24, 15)), "pipeline.needs_recorded"),
        _env(pe.StageChanged(opportunity_id="o1", owner_id=REP, region_id=REGION,
                             from_stage="needs_confirmed", to_stage="solution_design",
                             changed_at=at(25, 9)), "pipeline.stage_changed"),
        _env(pe.StageChanged(opportunity_id="o2", owner_id=REP, region_id=REGION,
                             from_stage="needs_confirmed", to_stage="solution_design",
                             changed_at=at(25, 11)), "pipeline.stage_changed"),
        _env(pe.QuoteIssued(quote_id="q1", opportunity_id="o1", version=1, owner_id=REP,
                            region_id=REGION, total_fen=1, issued_at=at(25, 9),
                            opportunity_opened_at=at(23, 9)), "pipeline.quote_issued"),
        _env(pe.QuoteIssued(quote_id="q2", opportunity_id="o1", version=2, owner_id=REP,
                            region_id=REGION, issued_at=at(28, 9),
                            opportunity_opened_at=at(23, 9)), "pipeline.quote_issued"),
        _env(pe.DealWon(opportunity_id="o1", owner_id=REP, region_id=REGION,
                        amount_fen=20_000_000, won_at=at(27, 15)), "pipeline.deal_won"),
    ]
