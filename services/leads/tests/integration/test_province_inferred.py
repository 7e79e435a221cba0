"""A QR scan or an ad that sends no province lands in the region of the mobile number's
registration province (手机归属地), or of a province named at the start of the company,
and the lead and its reason say the province was inferred."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from leads.adapters.orm import leads
from leads.domain.commands import CreateLead
from leads.domain.model import ASSIGNED
from leads.domain.province_guess import mobile_province
from leads.service_layer import handlers
from leads.service_layer.intake_batch import Item, receive_many

from .assignment_helpers import assign, load
from .factories import customer

pytestmark = pytest.mark.integration

# Numbers the geocoder places (phonenumbers' zh data): 江苏省连云港市 / 北京市.
JIANGSU_PREFIX, BEIJING_PREFIX = "1381234", "1860123"


def scanned(prefix: str, **overrides: str) -> dict[str, str]:
    fields = customer()
    return fields | {"phone": prefix + fields["phone"][-4:]} | overrides


async def test_a_qr_scan_without_province_goes_to_its_mobiles_region_saying_why(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    region = double.add_region("华东-归属地", ["江苏"])
    rep = double.add_user(region, "rep", "rep_guess_js")
    lead_id, created = await handlers.create_lead(
        CreateLead(source="trade_show", channel="qr", **scanned(JIANGSU_PREFIX)), deps)
    assert created
    lead = await assign(deps, lead_id)
    assert (lead.province, lead.province_source) == ("江苏", "mobile")
    assert (lead.status, lead.owner_id, lead.region_id) == (ASSIGNED, rep.id, region.id)
    assert lead.assignment_reason.startswith(
        "省份按手机号归属地推断；未匹配规则，华东-归属地区域轮询")


async def test_a_web_form_assigned_inline_says_so_too(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    region = double.add_region("华北-归属地", ["北京"])
    rep = double.add_user(region, "rep", "rep_guess_bj")
    [outcome] = await receive_many(
        [Item(CreateLead(source="web_form", **scanned(BEIJING_PREFIX)), {})], deps)
    lead = await load(deps, outcome.lead_id)  # type: ignore[union-attr]
    assert (lead.province, lead.province_source, lead.owner_id) == ("北京", "mobile", rep.id)
    assert lead.assignment_reason.startswith("省份按手机号归属地推断；")


async def test_without_a_mobile_the_landline_or_the_company_names_the_province(
    deps: handlers.Deps, sessions: Any,
) -> None:
    """An office number off a business card (020-…) places its customer in 广东 before
    the company name's 江苏 is looked at; a 400 number places nobody, so the company name
    does; a given province stays."""
    office = customer(phone="020-8312" + customer()["phone"][-4:])
    by_phone, _ = await handlers.create_lead(CreateLead(
        source="manual", **office | {"company": "江苏恒力" + office["company"]}), deps)
    hotline = customer(phone="400-8" + customer()["phone"][-6:])
    guessed, _ = await handlers.create_lead(CreateLead(
        source="manual", **hotline | {"company": "江苏恒力" + hotline["company"]}), deps)
    given, _ = await handlers.create_lead(CreateLead(
        source="manual", province="浙江省", **scanned(JIANGSU_PREFIX)), deps)
    async with sessions() as session:
        rows = dict((str(r.id), (r.province, r.province_source)) for r in (
            await session.execute(sa.select(leads.c.id, leads.c.province, leads.c.province_source)
                                  .where(leads.c.id.in_([by_phone, guessed, given])))).all())
    assert rows == {by_phone: ("广东", "landline"), guessed: ("江苏", "company"),
                    given: ("浙江", "given")}
    assert mobile_province("+86" + JIANGSU_PREFIX + "0000") == "江苏"  # the guess it did not take
