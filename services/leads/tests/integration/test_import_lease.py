"""An import survives its worker: a dead process's job is resumed within seconds, a live
worker keeps its job however slow a batch is, and two workers never write for one job."""

from __future__ import annotations

import asyncio
import os
import socket
import time
import uuid
from typing import Any

import pytest
from leads.adapters import imports_repository as repo
from leads.service_layer import handlers, import_batches, import_jobs
from leads.service_layer.import_lease import WORKER, Lease, LeaseLost
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from sqlalchemy import func, select, text, update

from .test_imports import phone, run_all, upload

pytestmark = pytest.mark.integration
POD_A, POD_B = "leads-7d9f-a:1:0a0a", "leads-7d9f-b:1:0b0b"  # other processes' workers


async def _queued(stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, who: Any,
                  rows: int) -> uuid.UUID:
    await run_all(deps)  # other tests' jobs out of the way: the next claim is this one
    data = ("手机\n" + "".join(f"{phone()}\n" for _ in range(rows))).encode()
    return uuid.UUID((await upload(stub, who, "a.csv", data)).import_id)


async def _status(stub: leads_pb2_grpc.LeadServiceStub, who: Any,
                  import_id: uuid.UUID) -> leads_pb2.ImportStatus:
    return await stub.GetImport(leads_pb2.GetImportRequest(import_id=str(import_id)),
                                metadata=who)


async def test_a_job_whose_worker_died_is_resumed_within_seconds_not_a_minute(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    me = auth("rep")
    import_id = await _queued(leads_stub, deps, me, 3)
    async with deps.sessions() as session, session.begin():
        assert (await repo.claim(session, worker=POD_A)).id == import_id  # ...and it is killed
    started = time.monotonic()
    while not await import_jobs.run_next(deps):  # the restarted process polls
        await asyncio.sleep(0.5)
    assert time.monotonic() - started < 20
    assert (await _status(leads_stub, me, import_id)).rows_created == 3


async def test_a_live_worker_keeps_its_job_through_a_slow_batch_and_nobody_else_runs_it(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    me = auth("rep")
    import_id = await _queued(leads_stub, deps, me, 6)
    monkeypatch.setattr(import_jobs, "BATCH", 2)
    # A 5 s lease, a heartbeat every 0.25 s: a loaded machine (a full suite beside other
    # work) may hold a heartbeat back for a few seconds without the lease running out under
    # a live worker.
    monkeypatch.setattr(repo, "LEASE", repo.LEASE / 3)
    monkeypatch.setattr(repo, "HEARTBEAT", repo.HEARTBEAT / 20)
    real_write, writes = import_batches.write, []

    async def slow_write(job_id: uuid.UUID, batch: Any, deps: Any, *, lease: Lease) -> None:
        writes.append(batch[0][0])
        if len(writes) == 2:
            await asyncio.sleep(repo.LEASE.total_seconds() * 1.5)  # only heartbeats keep it
        await real_write(job_id, batch, deps, lease=lease)

    monkeypatch.setattr(import_batches, "write", slow_write)
    first = asyncio.create_task(import_jobs.run_next(deps))
    while not writes:  # the first worker has the job
        await asyncio.sleep(0.01)
    others_ran = []
    while not first.done():  # a second worker polls all the while
        others_ran.append(await import_jobs.run_next(deps))
        await asyncio.sleep(0.1)
    assert await first and not any(others_ran)
    assert writes == [2, 4, 6]  # each batch (by its first row number) written once
    done = await _status(leads_stub, me, import_id)
    assert (done.state, done.rows_done, done.rows_created) == ("done", 6, 6)


async def test_a_worker_that_lost_its_claim_writes_nothing_more(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
) -> None:
    me = auth("rep")
    import_id = await _queued(leads_stub, deps, me, 1)
    async with deps.sessions() as session, session.begin():
        stale = Lease(deps.sessions, import_id,
                      (await repo.claim(session, worker=POD_A)).lease_until)
        await session.execute(update(repo.imports).where(repo.imports.c.id == import_id)
                              .values(lease_until=text("now() - interval '1 second'")))
    async with deps.sessions() as session, session.begin():
        assert (await repo.claim(session, worker=POD_B)).id == import_id  # B takes it over
    with pytest.raises(LeaseLost):
        await import_batches.write(import_id, [(2, ["x"], None, "手机：格式不对")], deps,
                                   lease=stale)
    async with deps.sessions() as session:
        failed = await session.scalar(select(func.count()).select_from(repo.import_errors)
                                      .where(repo.import_errors.c.import_id == import_id))
    assert failed == 0 and (await _status(leads_stub, me, import_id)).rows_done == 0


async def test_a_stopping_worker_hands_its_job_back_for_the_next_to_finish_at_once(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    me = auth("rep")
    import_id = await _queued(leads_stub, deps, me, 5)
    monkeypatch.setattr(import_jobs, "BATCH", 2)
    stop, real_write = asyncio.Event(), import_batches.write

    async def write_then_stop(*args: Any, **kwargs: Any) -> None:
        await real_write(*args, **kwargs)
        stop.set()  # SIGTERM arrives while the first batch is written

    monkeypatch.setattr(import_batches, "write", write_then_stop)
    assert await import_jobs.run_next(deps, stop)
    handed = await _status(leads_stub, me, import_id)
    assert (handed.state, handed.rows_done) == ("running", 2)
    monkeypatch.setattr(import_batches, "write", real_write)
    assert await import_jobs.run_next(deps)  # no lease to wait out
    done = await _status(leads_stub, me, import_id)
    assert (done.state, done.rows_done, done.rows_created) == ("done", 5, 5)


async def test_an_imports_row_and_log_lines_name_the_worker_holding_it_and_until_when(
    leads_stub: leads_pb2_grpc.LeadServiceStub, deps: handlers.Deps, auth: Any,
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    """What an operator looking at a stuck import reads (the REST API leaves it out:
    services/leads/README.md): the worker by host and pid beside the lease it holds, in
    the row and in the job's JSON log fields; the worker that takes over a dead one's job
    replaces its name, and the last holder stays once the job is done."""
    me = auth("rep")
    import_id = await _queued(leads_stub, deps, me, 1)
    async with deps.sessions() as session, session.begin():
        await repo.claim(session, worker=POD_A)  # ...which dies
        await session.execute(update(repo.imports).where(repo.imports.c.id == import_id)
                              .values(lease_until=text("now() - interval '1 second'")))
    held, real_write = [], import_batches.write

    async def looked_at_while_running(job_id: uuid.UUID, *args: Any, **kwargs: Any) -> None:
        held.append(await _holder(deps, job_id))
        await real_write(job_id, *args, **kwargs)

    monkeypatch.setattr(import_batches, "write", looked_at_while_running)
    with caplog.at_level("INFO", logger=import_jobs.__name__):
        assert await import_jobs.run_next(deps)
    assert held == [("running", WORKER, True)]
    assert WORKER.startswith(f"{socket.gethostname()}:{os.getpid()}:")
    assert await _holder(deps, import_id) == ("done", WORKER, None)
    claimed = next(r for r in caplog.records if "claimed" in r.getMessage())
    assert (claimed.import_id, claimed.worker) == (str(import_id), WORKER)  # type: ignore[attr-defined]
    assert claimed.lease_until  # type: ignore[attr-defined]


async def _holder(deps: handlers.Deps, import_id: uuid.UUID) -> tuple[str, str, bool | None]:
    """The job's state, its worker, and whether its lease is still running (None: none)."""
    c = repo.imports.c
    async with deps.sessions() as session:
        row = (await session.execute(select(c.state, c.worker, c.lease_until > func.now())
                                     .where(c.id == import_id))).one()
    return row[0], row[1], row[2]
