"""Running an import job: claimed by any replica (FOR UPDATE SKIP LOCKED + a lease its
heartbeat keeps, import_lease.py); rows are read, normalised through Lead.create and
written in batches of BATCH, each batch one transaction with its leads, their
leads.created outbox rows, failed rows and the job's counters. A restart resumes after the
last committed batch; re-running a batch creates nothing twice (idempotency key per
normalised row). A stopping process hands its job back after the batch in flight, so the
next worker resumes it at once; a dead one's job is taken once its short lease runs out.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from openpyxl.utils.exceptions import InvalidFileException
from python_calamine import CalamineError
from servicekit.uow import UnitOfWork

from leads.adapters import import_reader
from leads.adapters import imports_repository as repo
from leads.domain import import_failures
from leads.domain.import_files import NotASpreadsheet
from leads.domain.import_rows import NoUsableHeader, find_header
from leads.service_layer import import_batches, import_finished, import_gc, import_normalise
from leads.service_layer.handlers import SOURCE, Deps
from leads.service_layer.import_lease import WORKER, Lease, LeaseLost, log_fields

log = logging.getLogger(__name__)
BATCH = 5000

_FILE_ERRORS = (NotASpreadsheet, OSError, ValueError, KeyError, zipfile.BadZipFile,
                InvalidFileException, CalamineError)


class UnreadableFile(Exception):
    pass


class _Stopped(Exception):
    """The process is stopping: the job goes back to the queue where it stands."""


async def _read(fn: Callable[..., Any], *args: Any) -> Any:
    """Runs a file-reading step in a thread; a broken file becomes UnreadableFile (a
    database error must not: the job is then retried, not failed)."""
    def guarded() -> Any:
        try:
            return fn(*args)
        except NoUsableHeader:
            raise
        except _FILE_ERRORS as error:
            raise UnreadableFile(str(error)) from error

    return await asyncio.to_thread(guarded)


@dataclass
class _Job:
    id: uuid.UUID
    columns: dict[int, str]
    lease: Lease
    stop: asyncio.Event


async def run_next(deps: Deps, stop: asyncio.Event | None = None) -> bool:
    """Claims and runs one import job to its end (or until `stop` is set: then it is handed
    back after the batch being written); False when there was none."""
    async with deps.sessions() as session, session.begin():
        claimed = await repo.claim(session, worker=WORKER)
    if claimed is None:
        return False
    log.info("import %s claimed by worker %s until %s", claimed.id, WORKER,
             claimed.lease_until, extra=log_fields(claimed.id, claimed.lease_until))
    lease = Lease(deps.sessions, claimed.id, claimed.lease_until)
    try:
        async with lease.kept():
            error = await _run_file(claimed, lease, stop or asyncio.Event(), deps)
        async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
            await lease.hold(uow.session)
            await import_finished.finish(uow, import_id=claimed.id, error=error)
            await uow.commit()
    except LeaseLost:
        log.warning("import %s: another worker took it over; worker %s stops", claimed.id,
                    WORKER, extra=log_fields(claimed.id, lease.token))
        return True
    except _Stopped:
        await lease.release()
        log.info("import %s handed back by stopping worker %s", claimed.id, WORKER,
                 extra=log_fields(claimed.id, None))
        return True
    log.info("import %s finished %s", claimed.id, error or "ok",
             extra=log_fields(claimed.id, None))
    return True


async def _run_file(claimed: Any, lease: Lease, stop: asyncio.Event, deps: Deps) -> str:
    with tempfile.TemporaryDirectory(prefix="leads-import-") as tmp:
        path = Path(tmp) / f"upload.{claimed.format}"
        async with deps.sessions() as session:
            await repo.write_file(session, import_id=claimed.id, path=path)
        return await _run(claimed, path, lease, stop, deps)


async def _run(claimed: Any, path: Path, lease: Lease, stop: asyncio.Event,
               deps: Deps) -> str:
    """Processes the rows after the last committed batch; returns why the file failed."""
    try:
        rows = import_reader.rows(path, claimed.format)
        found = await _read(find_header, rows)
        if found is None:
            return import_failures.EMPTY
        headers, columns, titles = found
        job = _Job(claimed.id, columns, lease, stop)
        total = await _read(import_reader.count_rows, path, claimed.format, rows.sheet)
        async with deps.sessions() as session, session.begin():
            await lease.hold(session)
            await repo.set_total(session, import_id=claimed.id,
                                 total=max(0, (total or 0) - titles), headers=headers)
        await _read(lambda: list(islice(rows, claimed.rows_done)))  # resume after a restart
        rows.take_lines(len(rows.lines))  # the header's and skipped rows' lines
        with import_gc.paused():  # full collections cost a third of the import (import_gc)
            await _batches(job, rows, deps)
    except NoUsableHeader as error:
        return str(error)
    except UnreadableFile as error:
        log.warning("import %s: unreadable file: %s", claimed.id, error)
        return import_failures.UNREADABLE
    return ""


async def _batches(job: _Job, rows: Any, deps: Deps) -> None:
    """Reads a batch while the previous one is written; one write in flight at a time,
    always awaited, so nothing of the job is written after this returns or raises."""
    pending: asyncio.Task[None] | None = None
    try:
        while raw := await _read(lambda: list(islice(rows, BATCH))):
            import_gc.young()
            batch = await import_normalise.normalise(raw, job.columns,
                                                     rows.take_lines(len(raw)), deps.clock())
            if pending is not None:
                await pending  # the previous batch was written while this one was read
                pending = None
            if job.stop.is_set():
                raise _Stopped
            pending = asyncio.create_task(import_batches.write(job.id, batch, deps,
                                                               lease=job.lease))
        if pending is not None:
            await pending
            pending = None
    finally:
        if pending is not None:  # a file error while the batch before was being written
            await asyncio.gather(pending, return_exceptions=True)
