"""The process definition and how a deal walks it: gates, transitions, versions."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from pipeline.domain import events, stage_rules, stages
from pipeline.domain.criteria import Facts
from pipeline.domain.default_process import DEFAULT_STAGES
from pipeline.domain.errors import GateFailed, InvalidField, TransitionRefused
from pipeline.domain.model import Opportunity
from pipeline.domain.process import Process, StageDef, Step, from_dict, validated
from pipeline.domain.stage_rules import SYSTEM_STEPS

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
V1 = Process(1, DEFAULT_STAGES)
ALL_FACTS = Facts(amount_fen=1, has_contact=True, needs_record_complete=True,
                  contract_approved=True, contract_signed=True)


def deal(stage: str = stages.LEAD, **fields: object) -> Opportunity:
    opp = Opportunity.open(id="o1", account_id="a1", title="数控机床", amount_fen=0,
                           owner_id="u1", owner_username="rep01", region_id="r1",
                           process_version=1, created_at=T0)
    opp.stage = stage
    for name, value in fields.items():
        setattr(opp, name, value)
    return opp


def tick_all(opp: Opportunity, process: Process = V1) -> None:
    """Every step of the stage done: by hand, or by the system for its own steps."""
    for step in process.stage(opp.stage).steps:
        if step.id in SYSTEM_STEPS:
            opp.tick_by_system(process, step.id, by="", now=T0)
        else:
            opp.check_step(process, step.id, by="u1", now=T0)


def test_default_process_has_six_stages_and_18_sub_steps() -> None:
    assert tuple(s.code for s in DEFAULT_STAGES) == stages.ORDER
    assert sum(len(s.steps) for s in DEFAULT_STAGES) == 18
    assert validated(DEFAULT_STAGES) == DEFAULT_STAGES


def test_advancing_needs_every_sub_step_of_the_current_stage() -> None:
    opp = deal()
    opp.check_step(V1, "verify_contact", by="u1", now=T0)
    with pytest.raises(GateFailed) as refused:
        opp.change_stage(V1, stages.FIRST_VISIT, reason="", by="u1", now=T0, facts=ALL_FACTS)
    assert [u.code for u in refused.value.unmet] == ["step:confirm_profile", "step:book_visit"]
    assert refused.value.unmet[0].params == (("label", "确认客户行业与规模"),)
    assert opp.stage == stages.LEAD and opp.history == []


def test_no_skipping_stages_even_with_every_step_done() -> None:
    opp = deal()
    tick_all(opp)
    with pytest.raises(GateFailed) as refused:
        opp.change_stage(V1, stages.NEEDS_CONFIRMED, reason="", by="u1", now=T0, facts=ALL_FACTS)
    assert [u.code for u in refused.value.unmet] == ["no_skipping"]
    assert refused.value.unmet[0].params == (("next", "first_visit"), ("next_label", "初访"))


def test_no_solution_design_before_the_needs_record_is_complete() -> None:
    opp = deal(stages.NEEDS_CONFIRMED)
    tick_all(opp)
    with pytest.raises(GateFailed) as refused:
        opp.change_stage(V1, stages.SOLUTION_DESIGN, reason="", by="u1", now=T0, facts=Facts())
    assert [(u.code, u.message) for u in refused.value.unmet] == [
        ("needs_record_complete", "结构化需求记录已填写完整")]


def test_no_contract_stage_without_an_approved_contract() -> None:
    opp = deal(stages.QUOTE)
    tick_all(opp)
    with pytest.raises(GateFailed) as refused:
        opp.change_stage(V1, stages.CONTRACT, reason="", by="u1", now=T0,
                         facts=dataclasses.replace(ALL_FACTS, contract_approved=False))
    assert [u.code for u in refused.value.unmet] == ["contract_approved"]


def test_advance_records_who_when_and_time_in_stage() -> None:
    opp = deal()
    tick_all(opp)
    later = T0 + timedelta(days=2)
    assert opp.change_stage(V1, stages.FIRST_VISIT, reason="", by="u9", now=later,
                            facts=ALL_FACTS)
    assert opp.stage == stages.FIRST_VISIT and opp.stage_entered_at == later
    assert (opp.history[-1].from_stage, opp.history[-1].by_user_id) == (stages.LEAD, "u9")
    changed = [e for e in opp.events if isinstance(e, events.StageChanged)]
    assert changed[0].seconds_in_from_stage == 2 * 86400


def test_asking_for_the_current_stage_again_changes_nothing() -> None:
    opp = deal(stages.FIRST_VISIT)
    assert not opp.change_stage(V1, stages.FIRST_VISIT, reason="", by="u1", now=T0,
                                facts=ALL_FACTS)
    assert opp.history == []


def test_moving_back_needs_a_reason_but_no_gate() -> None:
    opp = deal(stages.QUOTE)
    with pytest.raises(InvalidField) as missing:
        opp.change_stage(V1, stages.FIRST_VISIT, reason=" ", by="u1", now=T0, facts=Facts())
    assert missing.value.field == "reason"
    assert opp.change_stage(V1, stages.FIRST_VISIT, reason="客户换了对接人", by="u1", now=T0,
                            facts=Facts())
    assert opp.stage == stages.FIRST_VISIT


def test_a_deal_sent_back_redoes_that_stage_and_the_later_ones_but_keeps_the_systems_steps(
) -> None:
    """The solution changed in 报价: sent back to 方案设计, 「客户确认方案」 no longer holds,
    so the deal cannot be moved forward again on the old tick; 需求确认's checks stand,
    and 报价内部审批 (a quote approved: a fact) stays."""
    opp = deal(stages.SOLUTION_DESIGN)
    for stage in (stages.NEEDS_CONFIRMED, stages.SOLUTION_DESIGN, stages.QUOTE):
        opp.stage = stage
        tick_all(opp)
    assert opp.change_stage(V1, stages.SOLUTION_DESIGN, reason="客户增加一台码垛机器人",
                            by="u2", now=T0, facts=ALL_FACTS)
    assert set(opp.cleared) == {"draft_solution", "engineering_review", "customer_confirms",
                                "prepare_quote", "send_quote"}
    assert {"technical_specs", "budget_timeline", "decision_chain",
            "approve_quote"} <= set(opp.steps_done)
    assert not set(opp.cleared) & set(opp.steps_done)
    with pytest.raises(GateFailed) as stale:
        opp.change_stage(V1, stages.QUOTE, reason="", by="u1", now=T0, facts=ALL_FACTS)
    assert {u.code for u in stale.value.unmet} == {
        "step:draft_solution", "step:engineering_review", "step:customer_confirms"}


def test_lost_needs_a_reason_closes_the_deal_and_raises_deal_lost() -> None:
    opp = deal(stages.NEEDS_CONFIRMED)
    with pytest.raises(InvalidField):
        opp.change_stage(V1, stages.LOST, reason="", by="u1", now=T0, facts=Facts())
    opp.change_stage(V1, stages.LOST, reason="预算取消", by="u1", now=T0, facts=Facts())
    assert (opp.status, opp.stage, opp.lost_reason) == ("lost", "lost", "预算取消")
    assert any(isinstance(e, events.DealLost) for e in opp.events)
    with pytest.raises(TransitionRefused):
        opp.change_stage(V1, stages.FIRST_VISIT, reason="重新跟进", by="u1", now=T0,
                         facts=Facts())


def test_won_only_from_contract_with_its_steps_done() -> None:
    early = deal(stages.QUOTE)
    tick_all(early)
    with pytest.raises(GateFailed):
        early.change_stage(V1, stages.WON, reason="", by="u1", now=T0, facts=ALL_FACTS)
    opp = deal(stages.CONTRACT)
    tick_all(opp)
    assert opp.change_stage(V1, stages.WON, reason="", by="u1", now=T0, facts=ALL_FACTS)
    assert opp.status == "won"


def test_a_step_of_another_stage_cannot_be_ticked() -> None:
    with pytest.raises(TransitionRefused):
        deal().check_step(V1, "site_visit", by="u1", now=T0)
    with pytest.raises(InvalidField):
        deal().check_step(V1, "no_such_step", by="u1", now=T0)


def test_the_quote_approval_and_the_signature_are_not_ticked_by_hand() -> None:
    """报价内部审批 and 客户签署合同 say what happened to the quote and the contract: the
    system ticks them, a rep's click is refused saying so."""
    for stage, step in ((stages.QUOTE, "approve_quote"), (stages.CONTRACT, "customer_signs")):
        opp = deal(stage)
        with pytest.raises(TransitionRefused, match="系统自动勾选"):
            opp.check_step(V1, step, by="u1", now=T0)
        assert step not in opp.steps_done
        assert opp.tick_by_system(V1, step, by="", now=T0)
        assert not opp.tick_by_system(V1, step, by="", now=T0)  # once


def test_a_quote_approved_before_the_quote_stage_counts_once_the_deal_gets_there() -> None:
    opp = deal(stages.SOLUTION_DESIGN)
    assert opp.tick_by_system(V1, "approve_quote", by="mgr", now=T0)
    assert opp.steps_done["approve_quote"].done_by == "mgr"


@pytest.mark.parametrize(("stage", "needed", "exactly", "refused"), [
    (stages.LEAD, stages.SOLUTION_DESIGN, False, True),
    (stages.NEEDS_CONFIRMED, stages.SOLUTION_DESIGN, False, True),
    (stages.SOLUTION_DESIGN, stages.SOLUTION_DESIGN, False, False),
    (stages.CONTRACT, stages.SOLUTION_DESIGN, False, False),
    (stages.SOLUTION_DESIGN, stages.QUOTE, False, True),
    (stages.QUOTE, stages.CONTRACT, True, True),
    (stages.CONTRACT, stages.CONTRACT, True, False),
])
def test_paperwork_waits_for_its_stage(stage: str, needed: str, exactly: bool,
                                       refused: bool) -> None:
    label = stages.DEFAULT_LABELS.__getitem__
    if not refused:
        stage_rules.require(stage, needed, action="报价", label=label, exactly=exactly)
        return
    with pytest.raises(TransitionRefused) as why:
        stage_rules.require(stage, needed, action="报价", label=label, exactly=exactly)
    assert f"当前处于「{label(stage)}」" in why.value.message
    assert f"「{label(needed)}」阶段" in why.value.message


def test_a_deal_walks_the_version_it_started_on() -> None:
    v2_stages = list(DEFAULT_STAGES)
    v2_stages[0] = StageDef(stages.LEAD, "线索", 2, (Step("call_back", "回电"),))
    v2 = Process(2, validated(tuple(v2_stages)))
    old = deal()
    tick_all(old, V1)  # its own version's steps, not v2's
    assert old.change_stage(V1, stages.FIRST_VISIT, reason="", by="u1", now=T0,
                            facts=ALL_FACTS)
    assert from_dict(2, v2.to_dict()) == v2


def test_a_process_must_keep_the_six_stage_codes_in_order() -> None:
    with pytest.raises(InvalidField) as refused:
        validated(tuple(reversed(DEFAULT_STAGES)))
    assert refused.value.field == "stages"


def test_unknown_gate_and_duplicate_step_ids_name_their_field() -> None:
    bad_gate = list(DEFAULT_STAGES)
    bad_gate[2] = dataclasses.replace(bad_gate[2], gates=("crystal_ball",))
    with pytest.raises(InvalidField) as refused:
        validated(tuple(bad_gate))
    assert refused.value.field == "stages.2.gates.0"
    dup = list(DEFAULT_STAGES)
    dup[1] = dataclasses.replace(dup[1], steps=(Step("verify_contact", "重复"),))
    with pytest.raises(InvalidField) as refused:
        validated(tuple(dup))
    assert refused.value.field == "stages.1.steps.0.id"
