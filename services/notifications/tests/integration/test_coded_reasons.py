"""An English-reading manager or rep gets English, through the real consumer: why a lead
could not be assigned and what a stage move still misses come as codes beside the zh text,
and are worded in the reader's language."""

from __future__ import annotations

import re
import uuid

import pytest
from notifications.adapters.orm import inbox_items
from notifications.domain.preferences import Preferences
from salesos.events.v1 import leads_pb2, pipeline_pb2
from salesos.events.v1.coded_pb2 import Coded

from .conftest import Running, until
from .test_channels_delivery import person, rows, set_prefs

pytestmark = pytest.mark.integration
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


async def test_an_english_manager_reads_why_nobody_took_the_lead_in_english(
        running: Running) -> None:
    region = str(uuid.uuid4())
    manager = running.org.add(f"mgr-{uuid.uuid4().hex[:8]}", "manager", managed=(region,))
    await set_prefs(running, Preferences(user_id=manager, language="en"))
    await running.publish(leads_pb2.LeadUnassignable(
        lead_id=str(uuid.uuid4()), region_id=region, company="Acme Hydraulics", name="Li Na",
        source="web_form", reason="规则「Solar」匹配但无可用销售（休假或已达今日上限）；"
                                  "West区域没有可用销售或经理，无法分配",
        reasons=[Coded(code="rule_unstaffed", params={"rule": "Solar"}),
                 Coded(code="region_unstaffed", params={"region": "West"})]),
        type="leads.unassigned")
    [item] = await until(lambda: rows(running, inbox_items, user_id=manager))
    text = f"{item['title']}\n{item['body']}"
    assert not CJK.search(text), text
    assert "no rep or manager available in region West" in text


async def test_an_english_rep_reads_why_a_lead_is_theirs_in_english(running: Running) -> None:
    rep = person(running)
    await set_prefs(running, Preferences(user_id=rep, language="en"))
    await running.publish(leads_pb2.LeadAssigned(
        lead_id=str(uuid.uuid4()), owner_id=rep, owner_username="rep07",
        region_id=str(uuid.uuid4()), company="Acme Hydraulics", name="Li Na",
        reason="rep02 退回（not my territory）；"
               "未匹配规则，West区域轮询（权重2），rep07 今日第 3 条",
        reasons=[Coded(code="rejected", params={"by": "rep02", "note": "not my territory"}),
                 Coded(code="region_team", params={"region": "West", "rep": "rep07",
                                                   "nth": "3", "weight": "2"})]),
        type="leads.assigned")
    [item] = await until(lambda: rows(running, inbox_items, user_id=rep))
    text = f"{item['title']}\n{item['body']}"
    assert not CJK.search(text), text
    assert "returned by rep02 (not my territory); no rule matched; region West" in text


async def test_an_english_rep_reads_why_a_returning_customer_is_theirs_in_english(
        running: Running) -> None:
    rep = person(running)
    await set_prefs(running, Preferences(user_id=rep, language="en"))
    await running.publish(leads_pb2.LeadTouched(
        lead_id=str(uuid.uuid4()), touch_id=str(uuid.uuid4()), owner_id=rep,
        source="web_form", channel="web_form", company="Acme Hydraulics", name="Li Na",
        match_reason="手机号相同", match=Coded(code="same_phone")), type="leads.touched")
    [item] = await until(lambda: rows(running, inbox_items, user_id=rep))
    text = f"{item['title']}\n{item['body']}"
    assert not CJK.search(text), text
    assert "Matched on: the same mobile number." in text


async def test_an_english_uploader_reads_why_their_file_was_not_imported_in_english(
        running: Running) -> None:
    rep = person(running)
    await set_prefs(running, Preferences(user_id=rep, language="en"))
    import_id = str(uuid.uuid4())
    await running.publish(leads_pb2.LeadImportFinished(
        import_id=import_id, file_name="customers.csv", started_by=rep, state="failed",
        error="表头中没有“手机”、“邮箱”或“微信”列，无法导入；请检查第一行是否为表头",
        error_code=Coded(code="no_contact_column")), type="leads.import_finished")
    [item] = await until(lambda: rows(running, inbox_items, user_id=rep))
    text = f"{item['title']}\n{item['body']}"
    assert not CJK.search(text), text
    assert "a header with a mobile, email or WeChat column" in text


async def test_an_english_owner_reads_what_the_stage_still_misses_in_english(
        running: Running) -> None:
    rep = person(running)
    await set_prefs(running, Preferences(user_id=rep, language="en"))
    await running.publish(pipeline_pb2.StageGateBlocked(
        opportunity_id=str(uuid.uuid4()), owner_id=rep, from_stage="needs_confirmed",
        to_stage="solution_design", title="Line 3 expansion",
        unmet=["未完成子步骤：识别决策链与竞争对手", "结构化需求记录已填写完整"],
        unmet_criteria=[Coded(code="step:decision_chain", params={"label": "识别决策链与竞争对手"}),
                        Coded(code="needs_record_complete")]),
        type="pipeline.stage_gate_blocked")
    [item] = await until(lambda: rows(running, inbox_items, user_id=rep))
    text = f"{item['title']}\n{item['body']}"
    assert not CJK.search(text), text
    assert "the structured needs record is complete" in text
