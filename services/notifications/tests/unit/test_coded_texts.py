"""A manager or rep who reads English is not handed the Chinese the event was written in:
why a lead could not be assigned and what a stage move still misses are worded from the
event's codes; older events, and codes this service does not know, read as their text."""

from __future__ import annotations

import re

import pytest
from notifications.domain import templates
from notifications.domain.lead_notices import unassignable
from notifications.domain.pipeline_notices import stage_gate_blocked
from salesos.events.v1 import leads_pb2, pipeline_pb2
from salesos.events.v1.coded_pb2 import Coded

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
ZH_REASON = ("rep01 退回（too far）；规则「Auto parts」、「Solar」匹配但无可用销售（休假或已达今日"
             "上限）；West区域没有可用销售或经理，无法分配")
CODES = [Coded(code="rejected", params={"by": "rep01", "note": "too far"}),
         Coded(code="rule_unstaffed", params={"rule": "Auto parts"}),
         Coded(code="rule_unstaffed", params={"rule": "Solar"}),
         Coded(code="region_unstaffed", params={"region": "West"})]


def stranded(*codes: Coded) -> leads_pb2.LeadUnassignable:
    return leads_pb2.LeadUnassignable(lead_id="L1", region_id="w", reason=ZH_REASON,
                                      company="Acme Hydraulics", name="Li Na",
                                      source="web_form", reasons=list(codes))


def read(notice_kind: str, params: dict[str, str], language: str) -> str:
    message = templates.render(notice_kind, params, language)
    return f"{message.title}\n{message.body}"


def test_an_english_manager_reads_why_a_lead_is_stranded_in_english() -> None:
    [notice] = unassignable(stranded(*CODES))
    text = read(notice.kind, notice.params, "en")
    assert not CJK.search(text), text
    assert ('returned by rep01 (too far); rules "Auto parts", "Solar" matched, but nobody '
            "there was free (on leave or at today's cap); no rep or manager available in "
            "region West") in text


def test_a_chinese_manager_still_reads_the_leads_services_own_words() -> None:
    [notice] = unassignable(stranded(*CODES))
    assert f"原因：{ZH_REASON}。" in read(notice.kind, notice.params, "zh-CN")


@pytest.mark.parametrize("codes", [(), (Coded(code="moon_phase"), *CODES)],
                         ids=["an event from before the codes", "a code not known here"])
def test_without_words_for_every_code_english_reads_the_events_text(
        codes: tuple[Coded, ...]) -> None:
    [notice] = unassignable(stranded(*codes))
    assert f"Why: {ZH_REASON}." in read(notice.kind, notice.params, "en")


@pytest.mark.parametrize(("source", "how"), [
    ("mobile", "province taken from the mobile number's registration"),
    ("landline", "province taken from the landline's area code"),
    ("company", "province taken from the company name")])
def test_an_english_manager_reads_how_the_province_was_inferred(source: str, how: str) -> None:
    [notice] = unassignable(stranded(Coded(code="province_inferred", params={"from": source}),
                                     Coded(code="region_unstaffed", params={"region": "East"})))
    text = read(notice.kind, notice.params, "en")
    assert not CJK.search(text), text
    assert f"{how}; no rep or manager available in region East" in text


CRITERIA = [
    ("结构化需求记录已填写完整", Coded(code="needs_record_complete")),
    ("未完成子步骤：预约首次拜访", Coded(code="step:book_visit", params={"label": "预约首次拜访"})),
    ("未完成子步骤：Safety briefing",
     Coded(code="step:safety_briefing", params={"label": "Safety briefing"})),
    ("不能跳过阶段：下一阶段是「初访」",
     Coded(code="no_skipping", params={"next": "first_visit", "next_label": "初访"})),
    ("只有签约阶段的商机才能赢单", Coded(code="no_skipping", params={"to": "won"})),
]


def blocked(criteria: list[tuple[str, Coded]]) -> pipeline_pb2.StageGateBlocked:
    return pipeline_pb2.StageGateBlocked(
        opportunity_id="o1", owner_id="rep1", to_stage="solution_design",
        title="Line 3 expansion", unmet=[label for label, _ in criteria],
        unmet_criteria=[coded for _, coded in criteria])


@pytest.mark.parametrize(("label", "coded"), CRITERIA, ids=[c.code for _, c in CRITERIA])
def test_an_english_owner_reads_each_missing_criterion_in_english(label: str,
                                                                  coded: Coded) -> None:
    [notice] = stage_gate_blocked(blocked([(label, coded)]))
    text = read(notice.kind, notice.params, "en")
    assert not CJK.search(text), text
    assert text.startswith("Deal cannot enter Solution design: Line 3 expansion")
    assert f"还缺：{label}。" in read(notice.kind, notice.params, "zh-CN")


def test_criteria_list_in_order_and_an_unknown_one_reads_as_its_label() -> None:
    odd = ("客户已付定金", Coded(code="deposit_paid"))
    [notice] = stage_gate_blocked(blocked([CRITERIA[0], odd]))
    assert ("Missing: the structured needs record is complete; 客户已付定金."
            in read(notice.kind, notice.params, "en"))
    [old] = stage_gate_blocked(pipeline_pb2.StageGateBlocked(
        to_stage="quote", unmet=["方案已评审"], title="扩产"))
    assert "Missing: 方案已评审." in read(old.kind, old.params, "en")
