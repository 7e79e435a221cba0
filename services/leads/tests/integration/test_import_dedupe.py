"""One customer, one lead, for imports: a row that is a known customer (or an earlier row
of the same file) becomes a touch on that lead, with leads.touched; nothing twice."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from leads.service_layer import handlers
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .factories import customer
from .test_dedupe import arrival, touched_events, touches
from .test_imports import run_all, upload

pytestmark = pytest.mark.integration
Stub = leads_pb2_grpc.LeadServiceStub
HEAD = "姓名,公司,手机,邮箱\n"


def csv_row(c: dict[str, str]) -> str:
    return f"{c['name']},{c['company']},{c['phone']},{c.get('email', '')}\n"


async def imported(stub: Stub, deps: handlers.Deps, me: Any, body: str) -> Any:
    accepted = await upload(stub, me, "客户.csv", (HEAD + body).encode())
    await run_all(deps)
    return await stub.GetImport(leads_pb2.GetImportRequest(import_id=accepted.import_id),
                                metadata=me)


async def import_leads(sessions: async_sessionmaker[AsyncSession], name: str) -> list[Any]:
    async with sessions() as session:
        return list((await session.execute(text(
            "SELECT id FROM leads WHERE source = 'import' AND name = :n"), {"n": name})).all())


@pytest.mark.parametrize("shared", ["phone", "email"])
async def test_a_known_customer_in_a_file_is_a_touch_on_their_lead_and_its_owner_is_told(
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
    sessions: async_sessionmaker[AsyncSession], shared: str,
) -> None:
    known = customer()
    first = await leads_stub.CreateLead(arrival(**known),
                                        metadata=auth("service", user_id="service:gateway"))
    row = customer(**{shared: known[shared]})
    done = await imported(leads_stub, deps, auth("manager"), csv_row(row))
    assert (done.rows_created, done.rows_merged, done.rows_failed) == (0, 1, 0)
    stored = await touches(sessions, first.lead_id)
    assert [(t.source, t.match_reason) for t in stored] == [
        ("web_form", ""), ("import", {"phone": "手机号相同", "email": "邮箱相同"}[shared])]
    [event] = await touched_events(sessions, first.lead_id)
    assert (event.touch_id, event.channel) == (str(stored[1].id), "import")


async def test_the_same_contact_at_a_close_company_name_is_the_same_customer(
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    tag = uuid.uuid4().hex[:6]
    name = f"王伟{tag}"
    known = customer(name=name, company=f"江苏省苏州精密机械制造厂{tag}有限公司")
    first = await leads_stub.CreateLead(arrival(**known),
                                        metadata=auth("service", user_id="service:gateway"))
    close = customer(name=f"王 伟{tag}", company=f"精密机械制造{tag}有限公司")
    other_contact = customer(company=known["company"])
    done = await imported(leads_stub, deps, auth("manager"),
                          csv_row(close) + csv_row(other_contact))
    assert (done.rows_created, done.rows_merged) == (1, 1)
    stored = await touches(sessions, first.lead_id)
    assert [t.source for t in stored] == ["web_form", "import"]
    assert "相近" in stored[1].match_reason


@pytest.mark.parametrize(("stored", "in_file"), [
    ("新精工机械厂有限公司", "精工机械厂有限公司"),  # short keys: only the last character is shared
    ("X精密机械制造设备厂Y有限公司", "精密机械制造设备厂有限公司"),  # long keys: both ends differ
])
async def test_a_close_company_name_is_found_whichever_end_of_it_differs(
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
    sessions: async_sessionmaker[AsyncSession], stored: str, in_file: str,
) -> None:
    name = f"李娜{uuid.uuid4().hex[:6]}"
    first = await leads_stub.CreateLead(arrival(**customer(name=name, company=stored)),
                                        metadata=auth("service", user_id="service:gateway"))
    done = await imported(leads_stub, deps, auth("manager"),
                          csv_row(customer(name=name, company=in_file)))
    assert (done.rows_created, done.rows_merged) == (0, 1)
    assert [t.source for t in await touches(sessions, first.lead_id)] == ["web_form", "import"]


async def test_a_customer_listed_twice_in_one_file_is_one_lead_with_two_touches(
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    tag = uuid.uuid4().hex[:6]
    row = customer(name=f"李娜{tag}", company=f"无锡重工{tag}有限公司")
    same_phone = customer(phone=row["phone"])
    same_contact = customer(name=row["name"], company=f"无锡市重工{tag}集团有限公司")
    done = await imported(leads_stub, deps, auth("manager"),
                          csv_row(row) + csv_row(same_phone) + csv_row(same_contact))
    assert (done.rows_created, done.rows_merged) == (1, 2)
    [lead] = await import_leads(sessions, row["name"])
    stored = await touches(sessions, str(lead.id))
    assert [bool(t.match_reason) for t in stored] == [False, True, True]
    assert len(await touched_events(sessions, str(lead.id))) == 2


async def test_reimporting_a_file_with_duplicates_records_nothing_twice(
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    me = auth("manager")
    row = customer()
    body = csv_row(row) + csv_row(customer(phone=row["phone"])) + csv_row(customer())
    first = await imported(leads_stub, deps, me, body)
    again = await imported(leads_stub, deps, me, body)
    assert (first.rows_created, first.rows_merged) == (2, 1)
    assert (again.rows_created, again.rows_merged) == (0, 3)
    [lead] = await import_leads(sessions, row["name"])
    assert len(await touches(sessions, str(lead.id))) == 2
    assert len(await touched_events(sessions, str(lead.id))) == 1


async def test_a_touch_on_a_lead_merged_by_hand_goes_to_the_lead_it_was_merged_into(
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    intake = auth("service", user_id="service:gateway")
    survivor_customer, merged_customer = customer(), customer()
    survivor = await leads_stub.CreateLead(arrival(**survivor_customer), metadata=intake)
    merged = await leads_stub.CreateLead(arrival(**merged_customer), metadata=intake)
    async with sessions() as session, session.begin():
        await session.execute(text("UPDATE leads SET merged_into = :s WHERE id = :m"),
                              {"s": survivor.lead_id, "m": uuid.UUID(merged.lead_id)})
    done = await imported(leads_stub, deps, auth("manager"),
                          csv_row(customer(phone=merged_customer["phone"])))
    assert (done.rows_created, done.rows_merged) == (0, 1)
    assert [t.source for t in await touches(sessions, survivor.lead_id)] == [
        "web_form", "import"]
    assert len(await touches(sessions, merged.lead_id)) == 1
