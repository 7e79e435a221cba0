"""A lost deal reopened (QA #7): back to the stage it was lost from, open, the loss kept
in its history; only within 180 days of the loss; never a won or open deal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pipeline.domain import events, stages
from pipeline.domain.criteria import Facts
from pipeline.domain.default_process import DEFAULT_STAGES
from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.model import Opportunity
from pipeline.domain.process import Process
from pipeline.domain.reopening import reopen

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
V1 = Process(1, DEFAULT_STAGES)


def deal(stage: str, status: str = stages.OPEN) -> Opportunity:
    opp = Opportunity.open(id="o1", account_id="a1", title="数控机床", amount_fen=0,
                           owner_id="u1", owner_username="rep01", region_id="r1",
                           process_version=1, created_at=T0 - timedelta(days=20))
    opp.stage, opp.status = stage, status
    opp.events.clear()
    return opp


def lost_in_quote() -> Opportunity:
    opp = deal(stages.QUOTE)
    opp.change_stage(V1, stages.LOST, reason="客户选择了竞争对手", by="u1", now=T0,
                     facts=Facts())
    opp.events.clear()
    return opp


def test_a_lost_deal_goes_back_to_the_stage_it_was_lost_from_with_the_loss_in_history() -> None:
    opp = lost_in_quote()
    later = T0 + timedelta(days=30)
    reopen(opp, reason="  客户回来了 ", by="mgr", now=later)
    assert (opp.stage, opp.status, opp.lost_reason, opp.stage_entered_at) == (
        stages.QUOTE, stages.OPEN, "", later)
    assert [(h.from_stage, h.to_stage, h.reason) for h in opp.history] == [
        ("quote", "lost", "客户选择了竞争对手"), ("lost", "quote", "客户回来了")]
    [event] = opp.events
    assert isinstance(event, events.DealReopened)
    assert (event.to_stage, event.lost_at, event.lost_reason, event.by_user_id) == (
        "quote", T0, "客户选择了竞争对手", "mgr")


def test_a_deal_lost_more_than_180_days_ago_stays_lost_and_says_open_a_new_one() -> None:
    opp = lost_in_quote()
    reopen(lost_in_quote(), reason="客户回来了", by="mgr", now=T0 + timedelta(days=180))
    with pytest.raises(TransitionRefused, match=r"超过 180 天.*请新建商机") as refused:
        reopen(opp, reason="客户回来了", by="mgr", now=T0 + timedelta(days=180, seconds=1))
    assert "2026-11-02" in str(refused.value.message)
    assert (opp.status, len(opp.history), opp.events) == (stages.LOST, 1, [])


def test_reopening_needs_a_reason_and_a_lost_deal() -> None:
    with pytest.raises(InvalidField) as bad:
        reopen(lost_in_quote(), reason="  ", by="mgr", now=T0)
    assert bad.value.field == "reason"
    for status in (stages.OPEN, stages.WON):
        with pytest.raises(TransitionRefused):
            reopen(deal(stages.QUOTE, status=status), reason="客户回来了", by="mgr", now=T0)

