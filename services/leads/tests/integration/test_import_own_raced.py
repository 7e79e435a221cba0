"""A rep's own spreadsheet stays theirs on every path: also when its batch raced another
job that stored some of the same rows meanwhile. Before, the batch was redone without
placing, its leads stored `new`, and the assigner handed the rep's own customers out by
the rules (and the rep's region's turns and caps counted them)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from leads.adapters import import_writer
from leads.service_layer import handlers, import_placing
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from sqlalchemy import text

from .factories import customer
from .test_import_own import _as
from .test_imports import run_all, upload

pytestmark = pytest.mark.integration
Stub = leads_pb2_grpc.LeadServiceStub
OWN = "销售导入，归导入人跟进"


async def _by_phone(deps: handlers.Deps, phones: list[str]) -> dict[str, list[Any]]:
    """Per phone, its leads with their owner, status, reason and started clock."""
    async with deps.sessions() as session:
        rows = (await session.execute(text(
            "SELECT l.phone, l.owner_id, l.status, l.assignment_reason, "
            "l.first_contact_due_at, (SELECT count(*) FROM first_contact_deadlines d "
            "  WHERE d.lead_id = l.id AND d.import_id IS NOT NULL) AS deadlines "
            "FROM leads l WHERE l.phone = ANY(:p)"), {"p": phones})).all()
    found: dict[str, list[Any]] = {p: [] for p in phones}
    for row in rows:
        found[row.phone].append(row)
    return found


def _a_reps_file(region: str) -> tuple[list[dict[str, str]], bytes]:
    people = [customer(province=region) for _ in range(3)]
    rows = "".join(f"{c['name']},{c['company']},{c['phone']},{region}\n" for c in people)
    return people, f"姓名,公司,手机,省份\n{rows}".encode()


async def test_a_reps_batch_redone_after_a_race_still_places_its_leads_with_the_rep(
    leads_stub: Stub, deps: handlers.Deps, org: tuple[Any, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    double, _ = org
    region = double.add_region("宁夏", ["宁夏"])
    uploader = double.add_user(region, "rep", f"rep-{uuid.uuid4()}")
    double.add_user(region, "rep", f"rep-{uuid.uuid4()}")  # whom the rules would pick
    store, calls = import_placing.store, []

    async def racing(session: Any, leads: Any, placed: Any, **kw: Any) -> set[str]:
        calls.append(placed)
        if len(calls) == 1:  # another job stored one of these row keys meanwhile
            raise import_placing.Raced
        return await store(session, leads, placed, **kw)

    monkeypatch.setattr(import_placing, "store", racing)
    people, body = _a_reps_file("宁夏")
    accepted = await upload(leads_stub, _as(uploader, "rep"), "我的客户.csv", body)
    await run_all(deps)

    assert len(calls) == 2  # the batch was redone
    found = await _by_phone(deps, [f"+86{c['phone']}" for c in people])
    for [lead] in found.values():
        assert (lead.owner_id, lead.status, lead.assignment_reason) == (
            uploader.id, "assigned", OWN)
        assert lead.first_contact_due_at is not None and lead.deadlines == 3
    done = await leads_stub.GetImport(leads_pb2.GetImportRequest(
        import_id=accepted.import_id), metadata=_as(uploader, "rep"))
    assert (done.state, done.rows_created) == ("done", 3)


async def test_a_reps_rows_another_job_stored_meanwhile_do_not_unplace_the_rest(
    leads_stub: Stub, deps: handlers.Deps, org: tuple[Any, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    double, _ = org
    region = double.add_region("青海", ["青海"])
    uploader = double.add_user(region, "rep", f"rep-{uuid.uuid4()}")
    double.add_user(region, "rep", f"rep-{uuid.uuid4()}")
    place, raced = import_placing.place, []

    async def another_job_meanwhile(session: Any, views: Any, *a: Any, **kw: Any) -> Any:
        placed = await place(session, views, *a, **kw)
        if not raced:  # the same file's first row, stored and committed by another job
            raced.append(views[0])
            async with deps.sessions() as other, other.begin():
                await import_writer.insert_new(other, [views[0]._replace(
                    id=str(uuid.uuid4()))])
        return placed

    monkeypatch.setattr(import_placing, "place", another_job_meanwhile)
    people, body = _a_reps_file("青海")
    accepted = await upload(leads_stub, _as(uploader, "rep"), "我的客户.csv", body)
    await run_all(deps)

    found = await _by_phone(deps, [f"+86{c['phone']}" for c in people])
    [theirs] = found.pop(raced[0].phone)  # the other job's lead, not stored twice
    assert theirs.deadlines == 0  # no clock of this import's on a lead it did not store
    for [lead] in found.values():
        assert (lead.owner_id, lead.status, lead.assignment_reason) == (
            uploader.id, "assigned", OWN)
        assert lead.first_contact_due_at is not None and lead.deadlines == 3
    done = await leads_stub.GetImport(leads_pb2.GetImportRequest(
        import_id=accepted.import_id), metadata=_as(uploader, "rep"))
    assert (done.state, done.rows_created, done.rows_merged) == ("done", 2, 1)
