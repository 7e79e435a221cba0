"""Reopening a lost deal (QA #7: a customer who walked away comes back): it resumes in
the stage it was lost from, open again, the loss kept in its history (the lost move and
its reason stay; the reopening is a move of its own, lost → that stage, with its reason).

Only within `REOPEN_WITHIN` of the loss: after that the paperwork, prices and people
have moved on, and a new deal (without the lead: one deal per lead) is the honest
record. Who may reopen is the service layer's rule (deal_reopen). Pure; no I/O.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline.domain import events, stages
from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.model import MAX_REASON, Opportunity, StageChange

REOPEN_WITHIN = timedelta(days=180)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def lost_from(opp: Opportunity) -> str:
    """The stage the deal was in when it was lost (its last move to lost)."""
    moves = [c for c in opp.history if c.to_stage == stages.LOST]
    return moves[-1].from_stage if moves else stages.LEAD


def reopen(opp: Opportunity, *, reason: str, by: str, now: datetime) -> None:
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidField("reason", "重新打开丢单商机须填写原因")
    if len(reason) > MAX_REASON:
        raise InvalidField("reason", f"原因不能超过 {MAX_REASON} 个字符")
    if opp.status != stages.LOST:
        state = "已赢单" if opp.status == stages.WON else "未丢单"
        raise TransitionRefused(f"商机{state}，无需重新打开")
    lost_at = opp.stage_entered_at or opp.created_at
    if now - lost_at > REOPEN_WITHIN:
        day = lost_at.astimezone(SHANGHAI).date().isoformat()
        raise TransitionRefused(
            f"商机于 {day} 丢单，已超过 {REOPEN_WITHIN.days} 天，不能重新打开："
            "请新建商机（不带线索）")
    back_to = lost_from(opp)
    opp.history.append(StageChange(stages.LOST, back_to, by, now, reason))
    opp.events.append(events.DealReopened(opp.id, back_to, reason, by, now, lost_at,
                                          opp.lost_reason))
    opp.stage, opp.status, opp.stage_entered_at = back_to, stages.OPEN, now
    opp.lost_reason = ""
