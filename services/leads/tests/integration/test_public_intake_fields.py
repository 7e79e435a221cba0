"""A customer on a public channel (web form, QR scan, ad) is not lost to a field the lead can
do without: a province we cannot read is noted and inferred instead, an unusable number is
noted when the customer left another contact, and an extension is kept for the rep."""

from __future__ import annotations

import random
import uuid
from typing import Any

import grpc
import pytest
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.errors import field_violations

from .factories import customer

pytestmark = pytest.mark.integration
Stub = leads_pb2_grpc.LeadServiceStub


@pytest.fixture
def intake(auth: Any) -> Any:
    return auth("service", user_id="service:gateway")


def form(**overrides: str) -> leads_pb2.CreateLeadRequest:
    fields = {"source": "web_form", "idempotency_key": str(uuid.uuid4()), **customer()}
    return leads_pb2.CreateLeadRequest(**(fields | overrides))


def guangzhou_office() -> str:
    return f"020-8{random.randrange(10**6, 10**7)}"


async def created(stub: Stub, sent: leads_pb2.CreateLeadRequest, token: Any) -> leads_pb2.Lead:
    reply = await stub.CreateLead(sent, metadata=token)
    assert reply.created
    return await stub.GetLead(leads_pb2.GetLeadRequest(lead_id=reply.lead_id), metadata=token)


@pytest.mark.parametrize("province", ["火星", "香港", "台湾", "澳门"])
async def test_a_web_form_from_a_province_we_do_not_serve_keeps_its_lead(
    leads_stub: Stub, intake: Any, province: str,
) -> None:
    office = guangzhou_office()
    lead = await created(leads_stub, form(phone=office, province=province), intake)
    # Placed by the landline's area code, as a lead without a province would be.
    assert (lead.province, lead.province_source) == ("广东", "landline")
    assert f"客户填写的省份「{province}」无法识别" in lead.touches[0].summary


@pytest.mark.parametrize(("given", "short"), [("Shanghai City", "上海"), ("粤", "广东"),
                                              ("广西壮族自治区", "广西"), ("Guangdong", "广东")])
async def test_the_ways_customers_write_a_province_are_read_as_it(
    leads_stub: Stub, intake: Any, given: str, short: str,
) -> None:
    lead = await created(leads_stub, form(channel="ads", province=given), intake)
    assert (lead.province, lead.province_source) == (short, "given")
    assert "无法识别" not in lead.touches[0].summary


async def test_the_rep_sees_the_extension_to_ask_the_switchboard_for(
    leads_stub: Stub, intake: Any,
) -> None:
    office = guangzhou_office()
    lead = await created(leads_stub, form(phone=f"{office}转801", province="广东"), intake)
    assert lead.phone == "+86" + office.replace("-", "")[1:]
    assert "分机 801" in lead.touches[0].summary


async def test_a_short_landline_on_a_web_form_with_an_email_keeps_the_lead_and_says_so(
    leads_stub: Stub, intake: Any,
) -> None:
    lead = await created(leads_stub, form(phone="010-12345", province="北京"), intake)
    assert lead.phone == "" and lead.email
    assert "客户填写的电话「010-12345」无法使用" in lead.touches[0].summary


async def test_a_short_landline_as_the_only_contact_is_refused_naming_phone(
    leads_stub: Stub, intake: Any,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.CreateLead(form(phone="010-12345", email=""), metadata=intake)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [name for name, _ in field_violations(error.value)] == ["phone"]


async def test_a_qr_scan_with_an_unreadable_province_is_kept_too(
    leads_stub: Stub, intake: Any,
) -> None:
    sent = form(source="trade_show", channel="qr_scan", province="火星",
                phone="", wechat_id=f"wx_{uuid.uuid4().hex[:8]}", company="江苏恒力液压")
    lead = await created(leads_stub, sent, intake)
    assert (lead.province, lead.province_source) == ("江苏", "company")
    assert "客户填写的省份「火星」无法识别" in lead.touches[0].summary
