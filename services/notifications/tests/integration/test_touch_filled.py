"""A returning customer who filled gaps on their lead: the owner's 「老客户再次咨询」 says
what was filled, through the real consumer and the texts the database was seeded with (the
20261211 revision gave the seeded bodies `{filled}`); in English for an English reader."""

from __future__ import annotations

import uuid

import pytest
from notifications.adapters.orm import inbox_items
from notifications.domain.preferences import Preferences
from salesos.events.v1 import leads_pb2
from salesos.events.v1.coded_pb2 import Coded

from .conftest import Running, until
from .test_channels_delivery import person, rows, set_prefs

pytestmark = pytest.mark.integration


def touched(owner: str, *filled: str) -> leads_pb2.LeadTouched:
    return leads_pb2.LeadTouched(
        lead_id=str(uuid.uuid4()), touch_id=str(uuid.uuid4()), owner_id=owner,
        source="web_form", channel="web_form", company="苏州精工机械", name="王伟",
        match_reason="手机号相同", match=Coded(code="same_phone"), filled_fields=filled)


async def test_the_owner_reads_which_empty_fields_the_customers_web_form_filled(
        running: Running) -> None:
    rep = person(running)
    await running.publish(touched(rep, "email", "company_scale"), type="leads.touched")
    [item] = await until(lambda: rows(running, inbox_items, user_id=rep))
    assert item["title"] == "老客户再次咨询：苏州精工机械 王伟（来源：官网表单）"
    assert item["body"] == ("识别依据：手机号相同。已补全：邮箱、公司规模。"
                            "客户再次联系，请尽快跟进。")


async def test_an_english_owner_reads_what_was_filled_in_english(running: Running) -> None:
    rep = person(running)
    await set_prefs(running, Preferences(user_id=rep, language="en"))
    await running.publish(touched(rep, "wechat_id", "budget_fen"), type="leads.touched")
    [item] = await until(lambda: rows(running, inbox_items, user_id=rep))
    assert item["body"] == ("Matched on: the same mobile number. Filled in: WeChat ID, "
                            "budget. Please follow up soon.")


async def test_a_return_that_filled_nothing_reads_as_before(running: Running) -> None:
    rep = person(running)
    await running.publish(touched(rep), type="leads.touched")
    [item] = await until(lambda: rows(running, inbox_items, user_id=rep))
    assert item["body"] == "识别依据：手机号相同。客户再次联系，请尽快跟进。"
