"""The list's search box finds a lead however it was written: a web form alone or in a
batch, an import, an edit of its name afterwards (each path stores its search bigrams its
own way: leads.domain.search, the trigger of migration 20261204_search_grams)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from leads.domain.commands import CreateLead
from leads.domain.search import search_grams
from leads.service_layer import handlers
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from sqlalchemy import text

from .test_create_leads_batch import batch
from .test_dedupe import arrival
from .test_imports import phone, run_all, upload

pytestmark = pytest.mark.integration
Stub = leads_pb2_grpc.LeadServiceStub


def hanzi(count: int) -> str:
    """Random common-range Chinese characters: text no other test's lead has."""
    return "".join(chr(0x4E00 + secrets.randbelow(0x9FA5 - 0x4E00)) for _ in range(count))


async def found_by(stub: Stub, auth: Any, q: str) -> set[str]:
    page = await stub.ListLeads(leads_pb2.ListLeadsRequest(q=q, page_size=100),
                                metadata=auth("director"))
    return {lead.id for lead in page.leads}


async def test_a_lead_whose_name_was_edited_is_found_by_the_new_name_not_the_old(
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
) -> None:
    old, new, word = hanzi(2), hanzi(3), hanzi(2)
    lead_id, _ = await handlers.create_lead(CreateLead(
        source="web_form", name=old, company=f"{word}机械", phone=f"139{phone()[3:]}",
        province="四川"), deps)
    assert lead_id in await found_by(leads_stub, auth, old)
    async with deps.sessions() as session, session.begin():
        await session.execute(text("UPDATE leads SET name = :name WHERE id = :id"),
                              {"name": new, "id": lead_id})
    assert lead_id in await found_by(leads_stub, auth, new[1:])
    assert lead_id not in await found_by(leads_stub, auth, old)
    assert lead_id in await found_by(leads_stub, auth, word)  # the company was not edited


async def test_an_imported_lead_is_found_by_its_name_and_a_word_of_its_company(
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
) -> None:
    me = auth("director", user_id=f"user-{uuid.uuid4()}")
    name, word, other, number, quoted = hanzi(2), hanzi(2), hanzi(2), phone(), phone()
    data = (f"姓名,公司,手机,省份\n{name},苏州{word}ABB有限公司,{number},江苏\n"
            f'王伟,"{other}""精工""\\机械",{quoted},江苏\n').encode()
    await upload(leads_stub, me, "客户.csv", data)
    await run_all(deps)
    async with deps.sessions() as session:
        lead_id, quoted_id = [str((await session.execute(text(
            "SELECT id FROM leads WHERE phone = :p"), {"p": f"+86{p}"})).scalar_one())
            for p in (number, quoted)]
    for q in (name, word, f"州{word}a", "abb有"):
        assert lead_id in await found_by(leads_stub, auth, q), q
    assert lead_id not in await found_by(leads_stub, auth, f"{name}{word}")
    assert await found_by(leads_stub, auth, f'{other}"精工"\\') == {quoted_id}


async def test_leads_of_a_web_form_batch_are_found_even_with_quotes_and_backslashes(
    leads_stub: Stub, auth: Any,
) -> None:
    """The batch sends each lead's bigrams as an array literal: characters that literal
    escapes must come out as they went in."""
    word = hanzi(2)
    companies = [f'{word}"精工"机械', f"{word}\\C机电", f"{word}{{a,b}} NULL"]
    reply = await leads_stub.CreateLeads(batch(*(
        arrival(name=hanzi(2), company=company, phone=f"139{phone()[3:]}")
        for company in companies)), metadata=auth("service", user_id="service:gateway"))
    ids = [r.lead.lead_id for r in reply.results]
    assert all(r.lead.created for r in reply.results)
    for q, lead_id in zip((f'{word}"精工"', f"{word}\\c", f"{word}{{a,b}} null"), ids,
                          strict=True):
        assert await found_by(leads_stub, auth, q) == {lead_id}, q
    assert await found_by(leads_stub, auth, word) == set(ids)


@pytest.mark.parametrize("name", ["王芳", "ABB Wang", 'a"b\\c', "Ärzte", "ΣΊΣΥΦΟΣ",
                                  "İstanbul", "ﬃ", "Straße", "ß", "ᏣᎳᎩ", "王", ""])
async def test_bigrams_computed_before_storing_are_what_the_database_computes(
    deps: handlers.Deps, name: str,
) -> None:
    """The trigger and the search's query use the database's bigrams(): the hot paths'
    own must be the same set, or a lead is stored with bigrams the search never asks."""
    async with deps.sessions() as session:
        in_sql = (await session.execute(text("SELECT bigrams(:t)"), {"t": name})).scalar_one()
    assert sorted(in_sql) == sorted(search_grams(name, ""))


@pytest.fixture
async def without_the_trigger(deps: handlers.Deps) -> AsyncIterator[None]:
    """The trigger filling search_grams for inserts that leave it out, switched off:
    such an insert then fails on the column's NOT NULL."""
    toggle = "ALTER TABLE leads {} TRIGGER leads_search_grams_insert"
    async with deps.sessions() as session, session.begin():
        await session.execute(text(toggle.format("DISABLE")))
    try:
        yield
    finally:
        async with deps.sessions() as session, session.begin():
            await session.execute(text(toggle.format("ENABLE")))


@pytest.mark.usefixtures("without_the_trigger")
async def test_web_forms_and_imports_store_their_bigrams_without_the_database_computing_them(
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
) -> None:
    """What made storing a lead cheaper: the database's bigrams() runs for none of them."""
    one, _ = await handlers.create_lead(CreateLead(
        source="web_form", name=hanzi(2), company=hanzi(4), phone=f"139{phone()[3:]}",
        province="四川"), deps)
    reply = await leads_stub.CreateLeads(batch(*(
        arrival(name=hanzi(2), company=hanzi(4), phone=f"139{phone()[3:]}")
        for _ in range(3))), metadata=auth("service", user_id="service:gateway"))
    me = auth("director", user_id=f"user-{uuid.uuid4()}")
    accepted = await upload(leads_stub, me, "客户.csv", (
        "姓名,公司,手机\n" + "".join(f"{hanzi(2)},{hanzi(4)},{phone()}\n" for _ in range(3))
    ).encode())
    await run_all(deps)
    done = await leads_stub.GetImport(leads_pb2.GetImportRequest(import_id=accepted.import_id),
                                      metadata=me)
    assert one and all(r.lead.created for r in reply.results)
    assert (done.state, done.rows_created) == ("done", 3)
