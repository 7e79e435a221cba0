"""An import whose batch could not place its leads (the org directory was down, or another
job raced it) stores them new; the assigner places them later, maybe after the import has
finished. Their owner must still hear of them once, in the import's summary: before, each
such lead's leads.assigned named no import (one message per lead, per-lead reminders and
reassignment), and the import's summary counted none of them."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from leads.adapters.clients import OrgDirectoryClient
from leads.entrypoints.consumers import assigner
from leads.service_layer import clock, handlers
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.leads.v1 import leads_pb2_grpc
from servicekit.settings import DEMO_JWT_SECRET
from servicekit.uow import UnitOfWork
from sqlalchemy import text

from .test_import_summary import _lead_ids
from .test_imports import phone, run_all, upload

pytestmark = pytest.mark.integration


async def outbox(deps: handlers.Deps, kind: str, aggregate_ids: list[str]) -> list[Envelope]:
    async with deps.sessions() as session:
        rows = await session.execute(text(
            "SELECT payload FROM outbox WHERE type = :t AND aggregate_id = ANY(:ids) "
            "ORDER BY id"), {"t": kind, "ids": aggregate_ids})
        return [Envelope.FromString(row.payload) for row in rows]


def summary(envelope: Envelope) -> set[tuple[str, int, int]]:
    finished = events_pb2.LeadImportFinished()
    assert envelope.payload.Unpack(finished)
    return {(o.owner_id, o.assigned, o.returned) for o in finished.owners}


async def test_leads_the_assigner_places_after_the_import_grow_its_summary(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    org: tuple[Any, str],
) -> None:
    double, _ = org
    rep = double.add_user(double.add_region("华中", ["湖北"]), "rep", f"rep-{uuid.uuid4()}")
    a, b = phone(), phone()
    accepted = await upload(leads_stub, auth("director", user_id="importer-9"), "湖北.csv",
                            f"手机,省份\n{a},湖北\n{b},湖北\n".encode())
    down = OrgDirectoryClient("127.0.0.1:9", jwt_secret=DEMO_JWT_SECRET, timeout_seconds=0.3)
    try:
        await run_all(handlers.Deps(sessions=deps.sessions, org=down))
    finally:
        await down.close()
    lead_ids = await _lead_ids(deps, [a, b])
    [first] = await outbox(deps, "leads.import_finished", [accepted.import_id])
    assert summary(first) == set()  # nothing placed yet: nobody to tell

    # the leads-assigner consumer, once the directory answers again, one lead at a time
    assign = assigner(deps)
    for created in await outbox(deps, "leads.created", lead_ids):
        payload = events_pb2.LeadCreated()
        assert created.payload.Unpack(payload) and payload.import_id == accepted.import_id
        async with UnitOfWork(deps.sessions, source="leads") as uow:
            await assign(uow, created, payload)
            await uow.commit()

    assigned = []
    for envelope in await outbox(deps, "leads.assigned", lead_ids):
        assigned.append(events_pb2.LeadAssigned())
        assert envelope.payload.Unpack(assigned[-1])
    assert [(m.owner_id, m.import_id) for m in assigned] == [(rep.id, accepted.import_id)] * 2
    # the summary, published again as each placement grew it: the last one counts both
    summaries = await outbox(deps, "leads.import_finished", [accepted.import_id])
    assert [summary(s) for s in summaries] == [
        set(), {(rep.id, 1, 0)}, {(rep.id, 2, 0)}]

    # their clock is the import's: told per owner in its summaries, never reassigned
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        for event in assigned:
            await clock.start_clock(event, uow, deps.clock_rules)
        await uow.commit()
    async with deps.sessions() as session:
        marks = (await session.execute(text(
            "SELECT DISTINCT import_id::text FROM first_contact_deadlines "
            "WHERE lead_id::text = ANY(:ids)"), {"ids": lead_ids})).scalars().all()
        armed = (await session.execute(text(
            "SELECT count(*) FROM import_clocks WHERE import_id = :i AND owner_id = :o"),
            {"i": uuid.UUID(accepted.import_id), "o": rep.id})).scalar_one()
    assert list(marks) == [accepted.import_id] and armed > 0


async def test_leads_nobody_can_take_placed_late_still_name_the_import_and_are_counted(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    org: tuple[Any, str],
) -> None:
    double, _ = org
    double.add_region("西南", ["贵州"])  # nobody works there
    a = phone()
    accepted = await upload(leads_stub, auth("director", user_id="importer-10"), "贵州.csv",
                            f"手机,省份\n{a},贵州\n".encode())
    down = OrgDirectoryClient("127.0.0.1:9", jwt_secret=DEMO_JWT_SECRET, timeout_seconds=0.3)
    try:
        await run_all(handlers.Deps(sessions=deps.sessions, org=down))
    finally:
        await down.close()
    lead_ids = await _lead_ids(deps, [a])
    assign = assigner(deps)
    [created] = await outbox(deps, "leads.created", lead_ids)
    payload = events_pb2.LeadCreated()
    assert created.payload.Unpack(payload)
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        await assign(uow, created, payload)
        await uow.commit()

    [envelope] = await outbox(deps, "leads.unassigned", lead_ids)
    stranded = events_pb2.LeadUnassignable()
    assert envelope.payload.Unpack(stranded)
    assert (stranded.import_id, stranded.import_file_name) == (accepted.import_id, "贵州.csv")
    last = events_pb2.LeadImportFinished()
    assert (await outbox(deps, "leads.import_finished", [accepted.import_id]))[-1] \
        .payload.Unpack(last)
    assert (last.unassigned, list(last.owners)) == (1, [])
