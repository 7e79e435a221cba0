"""A rep's own spreadsheet stays theirs (QA #11): its new leads are placed with the rep,
as their manual entry would be, with first-contact clocks, whatever the rules and the
rep's daily cap say; a customer someone already works is still a touch on that lead;
a manager's upload (a trade-show list) still goes through the rules."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from leads.adapters import teams_repo
from leads.domain.teams import shanghai_day
from leads.service_layer import handlers
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.auth import Principal, bearer_metadata, issue_token
from servicekit.settings import DEMO_JWT_SECRET
from sqlalchemy import text

from .factories import customer
from .test_dedupe import arrival, touches
from .test_imports import run_all, upload

pytestmark = pytest.mark.integration
Stub = leads_pb2_grpc.LeadServiceStub


def _as(user: Any, role: str) -> tuple[tuple[str, str], ...]:
    return bearer_metadata(issue_token(Principal(
        user_id=user.id, username=user.username, role=role, region_ids=(user.region_id,)),
        DEMO_JWT_SECRET))


async def _leads_of(deps: handlers.Deps, import_id: str) -> list[Any]:
    async with deps.sessions() as session:
        return list((await session.execute(text(
            "SELECT l.owner_id, l.region_id, l.status, l.assignment_reason, "
            "l.first_contact_due_at FROM leads l JOIN first_contact_deadlines d "
            "ON d.lead_id = l.id WHERE d.import_id = CAST(:i AS uuid) AND d.kind = 'overdue'"),
            {"i": import_id})).all())


async def test_a_reps_import_places_its_new_leads_with_the_rep_not_by_the_rules(
    leads_stub: Stub, deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    region = double.add_region("江西", ["江西"])
    uploader = double.add_user(region, "rep", f"rep-{uuid.uuid4()}", display_name="刘芳")
    colleague = double.add_user(region, "rep", f"rep-{uuid.uuid4()}")
    # The rep is at their daily cap: their own customers are not the rules' intake.
    async with deps.sessions() as session, session.begin():
        await teams_repo.save_settings(session, user_id=uploader.id, by="admin", daily_cap=0)
    known = customer(province="江西")
    first = await leads_stub.CreateLead(arrival(**known), metadata=_as(colleague, "service"))
    rows = "".join(f"{c['name']},{c['company']},{c['phone']},江西\n"
                   for c in (customer(), customer(), customer()))
    body = f"姓名,公司,手机,省份\n{rows}{known['name']},{known['company']},{known['phone']},江西\n"

    accepted = await upload(leads_stub, _as(uploader, "rep"), "我的客户.csv", body.encode())
    await run_all(deps)

    done = await leads_stub.GetImport(leads_pb2.GetImportRequest(
        import_id=accepted.import_id), metadata=_as(uploader, "rep"))
    assert (done.rows_created, done.rows_merged) == (3, 1)
    leads = await _leads_of(deps, accepted.import_id)
    assert len(leads) == 3
    for lead in leads:
        assert (lead.owner_id, lead.region_id, lead.status) == (
            uploader.id, region.id, "assigned")
        assert lead.assignment_reason == "销售导入，归导入人跟进"
        assert lead.first_contact_due_at is not None
    # The known customer stays whoever's they are: the row is a touch on their lead.
    held = await leads_stub.GetLead(leads_pb2.GetLeadRequest(lead_id=first.lead_id),
                                    metadata=_as(colleague, "director"))
    assert held.owner_id != uploader.id
    assert [t.source for t in await touches(deps.sessions, first.lead_id)] == [
        "web_form", "import"]
    # Not counted toward the rep's day either.
    async with deps.sessions() as session:
        counts = await session.execute(text(
            "SELECT count(*) FROM rep_daily_assignments WHERE user_id = :u AND day = :d"),
            {"u": uploader.id, "d": shanghai_day(deps.clock())})
        assert counts.scalar_one() == 0


async def test_a_managers_import_still_goes_through_the_rules(
    leads_stub: Stub, deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    region = double.add_region("云南", ["云南"])
    manager = double.add_user(region, "manager", f"mgr-{uuid.uuid4()}", managed=(region.id,))
    rep = double.add_user(region, "rep", f"rep-{uuid.uuid4()}")
    rows = "".join(f"{c['name']},{c['company']},{c['phone']},云南\n"
                   for c in (customer(), customer()))
    accepted = await upload(leads_stub, _as(manager, "manager"), "展会名单.csv",
                            f"姓名,公司,手机,省份\n{rows}".encode())
    await run_all(deps)
    leads = await _leads_of(deps, accepted.import_id)
    assert [lead.owner_id for lead in leads] == [rep.id, rep.id]
    assert all("云南区域轮询" in lead.assignment_reason for lead in leads)
