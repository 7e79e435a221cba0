"""A rep handed a spreadsheet's leads is not buried by their first-contact clocks: the
import's clocks all start within a minute and fall due together, so the rep hears once
per threshold how many of the import's leads still wait, the manager once that they ran
out, and nobody gets the leads dumped on them by the overdue reassignment."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

import pytest
from leads.adapters import import_clocks
from leads.entrypoints.clock import deadline_job, import_clock_job
from leads.service_layer import clock, handlers, import_jobs, lifecycle, merging
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.leads.v1 import leads_pb2_grpc
from servicekit.auth import Principal
from servicekit.scheduler import fire_due
from sqlalchemy import text

from .test_import_summary import outbox_payloads
from .test_imports import phone, run_all, upload

pytestmark = pytest.mark.integration


async def _sql(deps: handlers.Deps, statement: str, **params: Any) -> list[Any]:
    async with deps.sessions() as session:
        result = await session.execute(text(statement), params)
        rows = list(result.all()) if result.returns_rows else []
        await session.commit()
        return rows


async def _time_passes(deps: handlers.Deps, import_id: str) -> None:
    """Every clock of the import runs out: deadlines and the import's thresholds moved
    into the past, then both jobs fire what is due (the controllable clock of tests)."""
    for table in ("first_contact_deadlines", "import_clocks"):
        await _sql(deps, f"UPDATE {table} SET due_at = now() - interval '1 second' "
                   "WHERE import_id = CAST(:i AS uuid) AND fired_at IS NULL", i=import_id)
    for job in (deadline_job(deps, clock.ClockRules()), import_clock_job(deps)):
        while await fire_due(job, deps.sessions, source="leads"):
            pass


async def _imported(deps: handlers.Deps, import_id: str) -> list[Any]:
    return await _sql(deps, "SELECT l.id::text AS id, l.owner_id, l.owner_username FROM leads l "
                      "WHERE l.id IN (SELECT lead_id FROM first_contact_deadlines "
                      "WHERE import_id = CAST(:i AS uuid)) ORDER BY l.id", i=import_id)


async def test_an_imports_clocks_tell_each_owner_once_per_threshold_and_move_no_lead(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    org: tuple[Any, str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    double, _ = org
    region = double.add_region("贵州", ["贵州"])
    reps = [double.add_user(region, "rep", f"rep-{uuid.uuid4()}") for _ in range(2)]
    manager = double.add_user(region, "manager", f"mgr-{uuid.uuid4()}")
    monkeypatch.setattr(import_jobs, "BATCH", 2)  # the file arrives in three batches
    rows = "".join(f"客户{i},贵阳机械{i}厂,{phone()},贵州\n" for i in range(6))
    accepted = await upload(leads_stub, auth("director"), "贵州展会.csv",
                            f"姓名,公司,手机,省份\n{rows}".encode())
    await run_all(deps)
    leads = await _imported(deps, accepted.import_id)
    assert len(leads) == 6 and {lead.owner_id for lead in leads} == {r.id for r in reps}
    by_owner: dict[str, list[Any]] = defaultdict(list)
    for lead in leads:
        by_owner[lead.owner_id].append(lead)
    first, second = reps
    contacted = by_owner[first.id][0]  # the rep reached one of them in time
    await lifecycle.log_contact(
        lifecycle.LogContact(lead_id=contacted.id, channel="call", outcome="已联系"),
        Principal(user_id=first.id, username=contacted.owner_username, role="rep"), deps)

    await _time_passes(deps, accepted.import_id)

    ids = [lead.id for lead in leads]
    assert await outbox_payloads(deps, "leads.first_contact_reminder", ids) == []
    overdue = [events_pb2.LeadFirstContactOverdue.FromString(p)
               for p in await outbox_payloads(deps, "leads.first_contact_overdue", ids)]
    assert len(overdue) == 5  # still a miss per lead, for the rep's KPI
    assert {(o.import_id, o.reassigned_to_id) for o in overdue} == {(accepted.import_id, "")}
    assert [lead.owner_id for lead in await _imported(deps, accepted.import_id)] == \
        [lead.owner_id for lead in leads]  # nobody's leads were moved
    told = [events_pb2.LeadImportFirstContactDue.FromString(p) for p in await outbox_payloads(
        deps, "leads.import_first_contact_due", [accepted.import_id])]
    assert sorted((t.owner_id, t.kind, t.percent, t.leads) for t in told) == sorted(
        [(first.id, kind, percent, len(by_owner[first.id]) - 1)
         for kind, percent in (("reminder_50", 50), ("reminder_90", 90), ("overdue", 100))]
        + [(second.id, kind, percent, len(by_owner[second.id]))
           for kind, percent in (("reminder_50", 50), ("reminder_90", 90), ("overdue", 100))])
    assert {t.file_name for t in told} == {"贵州展会.csv"}
    assert {tuple(t.manager_ids) for t in told if t.kind == "overdue"} == {(manager.id,)}
    assert {tuple(t.manager_ids) for t in told if t.kind != "overdue"} == {()}
    assert all(t.first_due_at.seconds and t.as_of.seconds for t in told)


async def test_a_batch_placed_after_its_threshold_fired_is_counted_again_in_one_total(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    org: tuple[Any, str],
) -> None:
    double, _ = org
    rep = double.add_user(double.add_region("宁夏", ["宁夏"]), "rep", f"rep-{uuid.uuid4()}")
    accepted = await upload(leads_stub, auth("director"), "宁夏.csv",
                            f"姓名,公司,手机,省份\n甲,银川电力,{phone()},宁夏\n".encode())
    await run_all(deps)
    await _time_passes(deps, accepted.import_id)
    [lead] = await _imported(deps, accepted.import_id)
    deadlines = await _sql(deps, "SELECT kind, due_at FROM first_contact_deadlines "
                           "WHERE lead_id = CAST(:l AS uuid)", l=lead.id)
    from leads.domain.first_contact import Deadline

    async with deps.sessions() as session:  # a late batch of the same import arms it again
        await import_clocks.arm(session, import_id=uuid.UUID(accepted.import_id), clocks={
            lead.id: (rep.id, deadlines[0].due_at, [Deadline(k, d) for k, d in deadlines])})
        await session.commit()
    await _time_passes(deps, accepted.import_id)
    told = [events_pb2.LeadImportFirstContactDue.FromString(p) for p in await outbox_payloads(
        deps, "leads.import_first_contact_due", [accepted.import_id])]
    assert sorted((t.kind, t.leads) for t in told) == sorted(
        [(k, 1) for k in ("reminder_50", "reminder_90", "overdue")] * 2)
    assert len({(t.kind, t.as_of.ToNanoseconds()) for t in told}) == 6


async def test_an_imported_lead_unmerged_after_its_deadline_stays_its_imports_on_the_fresh_clock(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    org: tuple[Any, str],
) -> None:
    """A manager merges an imported lead by mistake and undoes it after its deadline: its
    fresh clock is still the import's — summarised per owner, never reassigned, and left
    out of the per-lead KPI (the overdue event carries the import) like its first one."""
    double, _ = org
    region = double.add_region("云南", ["云南"])
    double.add_user(region, "rep", f"rep-{uuid.uuid4()}")
    accepted = await upload(leads_stub, auth("director"), "云南展会.csv",
                            f"姓名,公司,手机,省份\n甲,昆明机床厂,{phone()},云南\n"
                            f"乙,大理五金厂,{phone()},云南\n".encode())
    await run_all(deps)
    survivor, merged = await _imported(deps, accepted.import_id)
    director = Principal(user_id="director-1", username="director", role="director")
    merge = await merging.merge_leads(survivor.id, merged.id, director, deps)
    await _time_passes(deps, accepted.import_id)  # skipped for the merged one
    await merging.unmerge_leads(survivor.id, merge.id, director, deps)

    running = await _sql(deps, "SELECT import_id::text FROM first_contact_deadlines WHERE "
                         "lead_id = CAST(:l AS uuid) AND fired_at IS NULL "
                         "AND cancelled_at IS NULL", l=merged.id)
    assert len(running) == 3 and {r.import_id for r in running} == {accepted.import_id}
    armed = await _sql(deps, "SELECT count(*) AS n FROM import_clocks WHERE "
                       "import_id = CAST(:i AS uuid) AND fired_at IS NULL", i=accepted.import_id)
    assert armed[0].n == 3  # the owner's summary will count it again at each threshold
    await _time_passes(deps, accepted.import_id)
    [raw] = await outbox_payloads(deps, "leads.first_contact_overdue", [merged.id])
    overdue = events_pb2.LeadFirstContactOverdue.FromString(raw)
    assert overdue.import_id == accepted.import_id and not overdue.reassigned_to_id
