"""Contacts, qualify/disqualify and the admin calendar over real gRPC with real tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import grpc
import pytest
from leads.service_layer import clock
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.leads.v1 import leads_pb2
from servicekit.errors import field_violations

pytestmark = pytest.mark.integration


@pytest.fixture
async def lead(deps: Any, org: Any, rules: clock.ClockRules, steps: Any) -> Any:
    double, _ = org
    region = double.add_region("华东", ["江苏"])
    double.add_user(region, "rep", "rep01")
    return await steps.assigned_lead(deps, rules)


def owner(auth: Any, lead: Any) -> Any:
    return auth("rep", user_id=lead.owner_id, region_ids=(lead.region_id,))


async def call(rpc: Any, request: Any, metadata: Any) -> Any:
    return await rpc(request, metadata=metadata)


async def code_of(rpc: Any, request: Any, metadata: Any) -> grpc.StatusCode:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await rpc(request, metadata=metadata)
    return error.value.code()


def contact(lead_id: str, **fields: Any) -> leads_pb2.LogContactRequest:
    return leads_pb2.LogContactRequest(lead_id=lead_id, channel=fields.pop("channel", "call"),
                                       outcome=fields.pop("outcome", "客户有意向，约下周拜访"),
                                       **fields)


async def test_owners_first_contact_stops_the_clock_and_marks_the_lead_contacted(
    leads_stub: Any, auth: Any, lead: Any, deps: Any, steps: Any,
) -> None:
    request = contact(lead.id, next_step="发送报价单")
    request.next_step_at.GetCurrentTime()
    answer = await leads_stub.LogContact(request, metadata=owner(auth, lead))
    assert (answer.lead_status, answer.channel, answer.rep_id) == (
        "contacted", "call", lead.owner_id)
    rows = await steps.deadline_rows(deps, lead.id)
    assert rows and all(r.cancelled_at is not None for r in rows)
    [envelope] = await steps.events_of(deps, lead.id, "leads.contact_logged")
    logged = events_pb2.LeadContactLogged.FromString(envelope.payload.value)
    assert logged.first and logged.source == lead.source  # incentives reads where it came from
    read = await leads_stub.GetLead(leads_pb2.GetLeadRequest(lead_id=lead.id),
                                    metadata=owner(auth, lead))
    assert read.status == "contacted" and read.HasField("first_contacted_at")


async def test_same_idempotency_key_logs_one_contact(leads_stub: Any, auth: Any,
                                                     lead: Any) -> None:
    first = await leads_stub.LogContact(contact(lead.id, idempotency_key="k1"),
                                        metadata=owner(auth, lead))
    again = await leads_stub.LogContact(contact(lead.id, idempotency_key="k1"),
                                        metadata=owner(auth, lead))
    assert first.id == again.id
    await leads_stub.LogContact(contact(lead.id, channel="wechat"), metadata=owner(auth, lead))
    listed = await leads_stub.ListContacts(leads_pb2.ListContactsRequest(
        lead_id=lead.id, page_size=1), metadata=owner(auth, lead))
    assert [c.id for c in listed.contacts] == [first.id] and listed.next_page_token
    rest = await leads_stub.ListContacts(leads_pb2.ListContactsRequest(
        lead_id=lead.id, page_token=listed.next_page_token), metadata=owner(auth, lead))
    assert [c.channel for c in rest.contacts] == ["wechat"] and not rest.next_page_token


async def test_a_key_reused_for_another_contact_is_refused_not_answered_with_the_first(
    leads_stub: Any, auth: Any, lead: Any,
) -> None:
    await leads_stub.LogContact(contact(lead.id, idempotency_key="k2"), metadata=owner(auth, lead))
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await leads_stub.LogContact(contact(lead.id, idempotency_key="k2", channel="visit",
                                            outcome="上门拜访，看了车间"),
                                    metadata=owner(auth, lead))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [field for field, _ in field_violations(refused.value)] == ["Idempotency-Key"]
    listed = await leads_stub.ListContacts(leads_pb2.ListContactsRequest(lead_id=lead.id),
                                           metadata=owner(auth, lead))
    assert [c.channel for c in listed.contacts] == ["call"]


async def test_only_the_owner_logs_contact(leads_stub: Any, auth: Any, lead: Any) -> None:
    other_rep = auth("rep", region_ids=(lead.region_id,))
    manager = auth("manager", region_ids=(lead.region_id,))
    assert await code_of(leads_stub.LogContact, contact(lead.id),
                         other_rep) == grpc.StatusCode.NOT_FOUND
    assert await code_of(leads_stub.LogContact, contact(lead.id),
                         manager) == grpc.StatusCode.PERMISSION_DENIED


async def test_bad_channel_names_the_field(leads_stub: Any, auth: Any, lead: Any) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.LogContact(contact(lead.id, channel="fax"), metadata=owner(auth, lead))
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(error.value)[0][0] == "channel"


async def test_a_next_step_in_the_past_names_the_field_and_logs_nothing(
        leads_stub: Any, auth: Any, lead: Any) -> None:
    request = contact(lead.id)
    request.next_step_at.FromDatetime(datetime(1999, 1, 1, tzinfo=UTC))
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.LogContact(request, metadata=owner(auth, lead))
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(error.value)[0][0] == "next_step_at"
    listed = await leads_stub.ListContacts(leads_pb2.ListContactsRequest(lead_id=lead.id),
                                           metadata=owner(auth, lead))
    assert list(listed.contacts) == []


async def test_qualify_needs_a_contact_first_then_emits_leads_qualified(
    leads_stub: Any, auth: Any, lead: Any, deps: Any, steps: Any,
) -> None:
    qualify = leads_pb2.QualifyLeadRequest(lead_id=lead.id)
    assert await code_of(leads_stub.QualifyLead, qualify,
                         owner(auth, lead)) == grpc.StatusCode.FAILED_PRECONDITION
    await leads_stub.LogContact(contact(lead.id), metadata=owner(auth, lead))
    manager = auth("manager", region_ids=(lead.region_id,))
    answer = await leads_stub.QualifyLead(qualify, metadata=manager)
    assert answer.status == "qualified"
    [envelope] = await steps.events_of(deps, lead.id, "leads.qualified")
    event = events_pb2.LeadQualified.FromString(envelope.payload.value)
    assert (event.owner_id, event.company, event.name, event.phone, event.region_id) == (
        lead.owner_id, lead.company, lead.name, lead.phone, lead.region_id)
    assert event.company and event.phone.startswith("+86139")
    assert event.urgency == "中"


async def test_disqualified_lead_needs_a_reason_and_then_goes_no_further(
    leads_stub: Any, auth: Any, lead: Any, deps: Any, steps: Any,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.DisqualifyLead(leads_pb2.DisqualifyLeadRequest(lead_id=lead.id),
                                        metadata=owner(auth, lead))
    assert field_violations(error.value)[0][0] == "reason"
    answer = await leads_stub.DisqualifyLead(leads_pb2.DisqualifyLeadRequest(
        lead_id=lead.id, reason="空号 无法联系"), metadata=owner(auth, lead))
    assert (answer.status, answer.disqualified_reason) == ("disqualified", "空号 无法联系")
    assert all(r.cancelled_at for r in await steps.deadline_rows(deps, lead.id))
    assert await code_of(leads_stub.LogContact, contact(lead.id),
                         owner(auth, lead)) == grpc.StatusCode.FAILED_PRECONDITION
    assert await code_of(leads_stub.QualifyLead, leads_pb2.QualifyLeadRequest(lead_id=lead.id),
                         owner(auth, lead)) == grpc.StatusCode.FAILED_PRECONDITION


def year(value: int, holidays: list[tuple[str, str]],
         workdays: list[tuple[str, str]]) -> leads_pb2.CalendarYear:
    return leads_pb2.CalendarYear(
        year=value, holidays=[leads_pb2.CalendarDay(date=d, name=n) for d, n in holidays],
        workdays=[leads_pb2.CalendarDay(date=d, name=n) for d, n in workdays])


async def test_admin_enters_a_new_years_schedule_and_reads_it_back(
    leads_stub: Any, auth: Any, deps: Any, steps: Any,
) -> None:
    admin = auth("admin")
    put = year(2031, [("2031-01-01", "元旦"), ("2031-10-01", "国庆节")],
               [("2031-09-28", "国庆节调休")])
    saved = await leads_stub.PutCalendarYear(put, metadata=admin)
    assert saved.source == "admin"
    got = await leads_stub.GetCalendarYear(leads_pb2.GetCalendarYearRequest(year=2031),
                                           metadata=admin)
    assert [(d.date, d.name) for d in got.holidays] == [("2031-01-01", "元旦"),
                                                        ("2031-10-01", "国庆节")]
    assert [d.date for d in got.workdays] == ["2031-09-28"]
    # The other services' clocks learn the new year from the outbox event.
    [envelope] = (await steps.events_of(deps, "2031", "leads.calendar_year_set"))[-1:]
    event = events_pb2.CalendarYearSet()
    envelope.payload.Unpack(event)
    assert [d.date for d in event.holidays] == ["2031-01-01", "2031-10-01"]
    empty = await leads_stub.GetCalendarYear(leads_pb2.GetCalendarYearRequest(year=2033),
                                             metadata=admin)
    assert empty.source == "none" and not empty.holidays


async def test_a_control_character_in_a_day_name_is_dropped_not_an_internal_error(
    leads_stub: Any, auth: Any,
) -> None:
    saved = await leads_stub.PutCalendarYear(year(2034, [("2034-01-02", "元\x00旦")], []),
                                             metadata=auth("admin"))
    assert [(d.date, d.name) for d in saved.holidays] == [("2034-01-02", "元旦")]


async def test_calendar_is_for_admins_only(leads_stub: Any, auth: Any) -> None:
    for role in ("director", "manager", "rep"):
        assert await code_of(leads_stub.GetCalendarYear, leads_pb2.GetCalendarYearRequest(
            year=2026), auth(role)) == grpc.StatusCode.PERMISSION_DENIED


@pytest.mark.parametrize(("holidays", "field"), [
    ([("2031-02-30", "")], "holidays.0.date"),
    ([("2031-01-01", ""), ("2032-01-01", "")], "holidays.1.date"),
])
async def test_bad_calendar_dates_name_the_entry(leads_stub: Any, auth: Any,
                                                  holidays: Any, field: str) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await leads_stub.PutCalendarYear(year(2031, holidays, []), metadata=auth("admin"))
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(error.value)[0][0] == field
