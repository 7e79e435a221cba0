from datetime import UTC, datetime

import pytest
from leads.domain import events
from leads.domain.assignment import (
    Candidate,
    Decision,
    Why,
    passed_over,
    region_reason,
    rejected_by,
    rule_reason,
    to_manager,
)
from leads.domain.assignment_access import may_edit_rules, may_reassign, may_set_availability
from leads.domain.commands import CreateLead
from leads.domain.model import ASSIGNED, NEW, Lead
from leads.domain.normalise import InvalidField
from leads.domain.rules import PERSON, Rule
from leads.domain.teams import Member

NOW = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
REP03 = Member("u3", "rep03", weight=2)
RULE = Rule(id="r1", name="华东-汽车零部件")


def test_reason_names_the_rule_the_weight_and_the_reps_count_today() -> None:
    assert rule_reason(RULE, REP03, 5) == (
        "规则「华东-汽车零部件」匹配；团队轮询（权重2），rep03 今日第 5 条")


def test_reason_for_a_person_rule_names_the_person() -> None:
    rule = Rule(id="r2", name="大客户", target_kind=PERSON)
    assert rule_reason(rule, REP03, 1) == "规则「大客户」匹配；指定销售 rep03，今日第 1 条"


def test_no_matching_rule_reads_as_the_region_round_robin() -> None:
    assert region_reason("华东", REP03, 2) == (
        "未匹配规则，华东区域轮询（权重2），rep03 今日第 2 条")


def test_rules_passed_over_for_want_of_available_reps_are_named() -> None:
    text = passed_over([RULE, Rule(id="r2", name="光伏")])
    assert text.startswith("规则「华东-汽车零部件」、「光伏」匹配但无可用销售")
    assert passed_over([]) == ""


def test_a_region_without_available_reps_gives_the_lead_to_its_manager() -> None:
    decision = to_manager("西南", [Candidate("m2", "mgr-b"), Candidate("m1", "mgr-a")])
    assert decision.owner == Candidate("m1", "mgr-a")
    assert "经理" in decision.reason and decision.rule_id == ""


def test_a_region_without_reps_or_manager_leaves_the_lead_unassignable_with_a_reason() -> None:
    decision = to_manager("西南", [])
    assert decision.owner is None
    assert "无法分配" in decision.reason


def test_an_unassignable_reason_also_travels_as_codes_for_english_readers() -> None:
    decision = to_manager("West", [], passed=[RULE])
    assert decision.reason == ("规则「华东-汽车零部件」匹配但无可用销售（休假或已达今日上限）；"
                               "West区域没有可用销售或经理，无法分配")
    assert decision.whys == (Why("rule_unstaffed", (("rule", "华东-汽车零部件"),)),
                             Why("region_unstaffed", (("region", "West"),)))
    back = rejected_by(decision, name="rep01", note="too far")
    assert back.reason.startswith("rep01 退回（too far）；规则")
    assert back.whys[0] == Why("rejected", (("by", "rep01"), ("note", "too far")))
    assert back.whys[1:] == decision.whys


def assigned_lead() -> Lead:
    lead = Lead.create(CreateLead(source="web_form", phone="13812345678"), lead_id="L1",
                       now=NOW)
    lead.assign(Decision(Candidate("u1", "rep01"), "r", rule_id="R1"), region_id="east",
                now=NOW)
    lead.events.clear()
    return lead


def test_a_reassigned_lead_tells_who_moved_it_and_the_new_owner_is_told_too() -> None:
    lead = assigned_lead()
    lead.reassign(Candidate("u2", "rep02"), by=Candidate("m1", "mgr-east"), reason="客户指定",
                  now=NOW)
    assert (lead.owner_id, lead.owner_username, lead.assignment_rule_id) == ("u2", "rep02", "")
    assert lead.assignment_reason == "mgr-east 改派：客户指定"
    assert [type(e) for e in lead.events] == [events.LeadReassigned, events.LeadAssigned]
    assert lead.events[0].from_owner_id == "u1" and lead.events[1].owner_id == "u2"


def test_reassigning_to_the_current_owner_is_refused_naming_owner_id() -> None:
    with pytest.raises(InvalidField) as error:
        assigned_lead().reassign(Candidate("u1", "rep01"), by=Candidate("m1", "m"), reason="x",
                                 now=NOW)
    assert error.value.field == "owner_id"


def test_a_rejected_lead_awaits_the_next_rep_and_records_the_rejection() -> None:
    lead = assigned_lead()
    lead.reject(by_user_id="u1", reason="不在服务范围", now=NOW)
    assert (lead.status, lead.owner_id) == (NEW, "")
    assert lead.events == [events.LeadRejected("L1", "u1", "不在服务范围", NOW)]
    lead.assign(Decision(Candidate("u2", "rep02"), "next"), region_id="east", now=NOW)
    assert (lead.status, lead.owner_id) == (ASSIGNED, "u2")


def test_only_the_owner_can_reject_a_lead() -> None:
    with pytest.raises(InvalidField):
        assigned_lead().reject(by_user_id="u2", reason="x", now=NOW)


def test_only_admins_edit_rules() -> None:
    assert may_edit_rules("admin")
    assert not any(may_edit_rules(r) for r in ("director", "manager", "rep"))


def test_managers_reassign_only_leads_of_their_regions() -> None:
    assert may_reassign(role="manager", lead_region_id="east", region_ids=("east",))
    assert not may_reassign(role="manager", lead_region_id="south", region_ids=("east",))
    assert may_reassign(role="director", lead_region_id="south", region_ids=())
    assert not may_reassign(role="rep", lead_region_id="east", region_ids=("east",))


def test_a_rep_or_their_manager_marks_the_rep_away_and_nobody_else() -> None:
    rep = {"rep_id": "u1", "rep_region_id": "east", "rep_manager_id": "m1"}
    assert may_set_availability(role="rep", user_id="u1", region_ids=(), **rep)
    assert not may_set_availability(role="rep", user_id="u2", region_ids=("east",), **rep)
    assert may_set_availability(role="manager", user_id="m1", region_ids=(), **rep)
    assert may_set_availability(role="manager", user_id="m9", region_ids=("east",), **rep)
    assert not may_set_availability(role="manager", user_id="m9", region_ids=("south",), **rep)


ZHOU = Member("u1", "rep01", display_name="周婷")


def test_reasons_name_the_rep_as_the_directory_shows_them() -> None:
    assert region_reason("华东", ZHOU, 1) == "未匹配规则，华东区域轮询（权重1），周婷 今日第 1 条"
    assert rule_reason(Rule(id="r2", name="大客户", target_kind=PERSON), ZHOU, 1) == (
        "规则「大客户」匹配；指定销售 周婷，今日第 1 条")


def test_a_manager_reassigning_is_named_by_display_name_the_login_without_one() -> None:
    lead = Lead.create(CreateLead(source="web_form", phone="13812345678"), lead_id="l1",
                       now=NOW)
    lead.status = ASSIGNED
    lead.reassign(Candidate("u2", "rep02", "李强"), by=Candidate("m1", "mgr-east", "王经理"),
                  reason="客户在南京", now=NOW)
    assert lead.assignment_reason == "王经理 改派：客户在南京"
    lead.reassign(Candidate("u3", "rep03"), by=Candidate("m1", "mgr-east"), reason="换人",
                  now=NOW)
    assert lead.assignment_reason == "mgr-east 改派：换人"
