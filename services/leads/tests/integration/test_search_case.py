"""The search box ignores case in every script, not only for ASCII: a lead named ÉCOLE
Müller is found by école and MÜLLER, ООО ПЕТРОВ by петров, ΣΊΣΥΦΟΣ by σίσυφος, Straße by
STRASSE, whichever way it was written (the bulk paths fold in Python, the trigger and the
query in PostgreSQL: the two must fold alike, leads.domain.search)."""

from __future__ import annotations

from typing import Any

import pytest
from leads.adapters.orm import folded
from leads.domain.commands import CreateLead
from leads.domain.search import fold
from leads.service_layer import handlers
from salesos.leads.v1 import leads_pb2_grpc
from sqlalchemy import ARRAY, Text, bindparam, func, select, text

from .test_create_leads_batch import batch
from .test_dedupe import arrival
from .test_imports import phone, run_all, upload
from .test_search import found_by, hanzi

pytestmark = pytest.mark.integration
Stub = leads_pb2_grpc.LeadServiceStub


async def _lead_with_phone(deps: handlers.Deps, number: str) -> str:
    async with deps.sessions() as session:
        return str((await session.execute(text("SELECT id FROM leads WHERE phone = :p"),
                                          {"p": f"+86{number}"})).scalar_one())


async def _written(how: str, stub: Stub, deps: handlers.Deps, auth: Any, name: str,
                   company: str) -> str:
    """The lead's id, stored by one of the ways leads get their search bigrams."""
    number = f"139{phone()[3:]}"
    if how == "import":
        data = f"姓名,公司,手机\n{name},{company},{number}\n".encode()
        await upload(stub, auth("director", user_id=f"user-{hanzi(4)}"), "客户.csv", data)
        await run_all(deps)
        return await _lead_with_phone(deps, number)
    if how == "web form batch":
        reply = await stub.CreateLeads(batch(arrival(name=name, company=company, phone=number)),
                                       metadata=auth("service", user_id="service:gateway"))
        return reply.results[0].lead.lead_id
    if how == "plain insert":  # an operator's psql: the trigger computes the bigrams
        async with deps.sessions() as session, session.begin():
            return str((await session.execute(text(
                "INSERT INTO leads (id, source, name, company, phone) VALUES "
                "(gen_random_uuid(), 'manual', :n, :c, :p) RETURNING id"),
                {"n": name, "c": company, "p": f"+86{number}"})).scalar_one())
    edited = how == "edited name"
    lead_id, _ = await handlers.create_lead(CreateLead(
        source="web_form", name=hanzi(3) if edited else name,
        company=hanzi(5) if edited else company, phone=number, province="四川"), deps)
    if edited:  # the update trigger recomputes them
        async with deps.sessions() as session, session.begin():
            await session.execute(text("UPDATE leads SET name = :n, company = :c WHERE id = :id"),
                                  {"n": name, "c": company, "id": lead_id})
    return lead_id


@pytest.mark.parametrize("how", ["web form", "web form batch", "import", "plain insert",
                                 "edited name"])
async def test_a_lead_is_found_by_its_words_in_any_case_of_any_script(
    how: str, leads_stub: Stub, deps: handlers.Deps, auth: Any,
) -> None:
    tag = hanzi(2)
    name, company = f"ÉCOLE Müller{tag}", f"{tag} ООО ПЕТРОВ ΣΊΣΥΦΟΣ Straße"
    lead_id = await _written(how, leads_stub, deps, auth, name, company)
    for q in ("école", "ÉCOLE", "müller", "MÜLLER", f"r{tag}", f"LLER{tag}", "петров",
              "Петров", "σίσυφος", "ΣΊΣΥΦΟΣ", "strasse", "STRASSE", "straße"):
        assert lead_id in await found_by(leads_stub, auth, q), (how, q)
    for q in ("ecole", "muller", f"école{tag}"):  # case, not accents; no word across
        assert lead_id not in await found_by(leads_stub, auth, q), (how, q)


async def test_full_width_letters_are_found_by_half_width_ones_and_the_other_way(
    leads_stub: Stub, deps: handlers.Deps, auth: Any,
) -> None:
    """Intake stores ＡＢＢ as ABB, and the search box's ＡＢＢ is looked for as ABB."""
    tag = hanzi(2)
    lead_id, _ = await handlers.create_lead(CreateLead(
        source="web_form", name=hanzi(2), company=f"ＡＢＢ{tag}Ｍüｌｌｅｒ",
        phone=f"139{phone()[3:]}", province="四川"), deps)
    for q in (f"abb{tag}", f"ａｂｂ{tag}", f"{tag}MÜLLER", f"{tag}ＭÜＬＬＥＲ"):
        assert lead_id in await found_by(leads_stub, auth, q), q


async def test_the_database_folds_every_character_as_python_does(
    deps: handlers.Deps,
) -> None:
    """Every code point through the query's own folded() and through fold(): the same
    (the characters newer than this Python's Unicode included, through fold's table)."""
    chars = [chr(c) for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF]
    unnested = func.unnest(bindparam("chars", type_=ARRAY(Text))).table_valued(
        "c", with_ordinality="n").render_derived()
    query = select(unnested.c.c, folded(unnested.c.c)).order_by(unnested.c.n)
    compared, differ = 0, []
    async with deps.sessions() as session:
        for start in range(0, len(chars), 50_000):
            rows = (await session.execute(query, {"chars": chars[start:start + 50_000]})).all()
            compared += len(rows)
            differ += [f"U+{ord(char):04X} -> {in_sql!r}" for char, in_sql in rows
                       if in_sql != fold(char)]
    assert compared == len(chars) and differ == []
