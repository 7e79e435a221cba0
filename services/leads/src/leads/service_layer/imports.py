"""Import use cases: receive the upload, run a job (reading one: import_access.py).

Upload: the chunks go into the database as they arrive (memory holds one chunk), in one
transaction that queues the job at the end; an interrupted upload leaves nothing.
Job: claimed by any replica (FOR UPDATE SKIP LOCKED + a lease); rows are read, normalised
through Lead.create and written in batches of BATCH, each batch one transaction with its
leads, their leads.created outbox rows, failed rows and the job's counters. A restart
resumes after the last committed batch; re-running a batch creates nothing twice
(idempotency key per normalised row).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import tempfile
import uuid
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from openpyxl.utils.exceptions import InvalidFileException
from python_calamine import CalamineError
from servicekit.auth import Principal
from servicekit.idempotency import check_same_request
from servicekit.uow import UnitOfWork
from uuid6 import uuid7

from leads.adapters import import_reader
from leads.adapters import imports_repository as repo
from leads.domain.import_files import MAX_BYTES, NotASpreadsheet, detect
from leads.domain.import_rows import NoUsableHeader, header_map
from leads.domain.normalise import InvalidField
from leads.service_layer import import_batches, import_finished, import_normalise
from leads.service_layer.handlers import SOURCE, Deps

log = logging.getLogger(__name__)
BATCH = 5000


@dataclass
class Upload:
    filename: str
    idempotency_key: str
    chunks: AsyncIterator[bytes]
    first: bytes = b""


async def start_import(upload: Upload, principal: Principal, deps: Deps) -> str:
    """Stores the file and queues the job; the same key returns the same import."""
    try:
        fmt = detect(upload.filename, upload.first[:64 * 1024])
    except NotASpreadsheet as error:
        raise InvalidField("file", str(error)) from error
    key = upload.idempotency_key.strip()[:200] or None
    new_id = str(uuid7())
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        import_id, held_sha256 = await repo.create(uow.session, import_id=new_id, key=key,
                                                   created_by=principal.user_id,
                                                   filename=upload.filename[:255], fmt=fmt)
        if import_id != new_id:  # the key was uploaded before: that import stands...
            if held_sha256:  # ...for that file only: another would be left unimported
                check_same_request(stored=held_sha256, arriving=(await _stored(upload, None))[2])
            return import_id
        size, seq, sha256 = await _stored(upload, lambda seq, data: repo.add_chunk(
            uow.session, import_id=import_id, seq=seq, data=data))
        if not seq:
            raise InvalidField("file", "文件为空")
        await repo.queue(uow.session, import_id=import_id, size=size, sha256=sha256)
        await uow.commit()
    return import_id


async def _stored(upload: Upload, store: Callable[[int, bytes], Awaitable[None]] | None
                  ) -> tuple[int, int, str]:
    """Reads the upload to its end, handing each chunk to `store` (when given): its size,
    its chunk count and its SHA-256."""
    size, seq, data, digest = 0, 0, upload.first, hashlib.sha256()
    while True:
        if data:
            size += len(data)
            if size > MAX_BYTES:
                raise InvalidField("file", f"文件不能超过 {MAX_BYTES // 1024 // 1024} MB")
            digest.update(data)
            if store is not None:
                await store(seq, data)
            seq += 1
        data = await anext(upload.chunks, None)
        if data is None:
            return size, seq, digest.hexdigest()


_FILE_ERRORS = (NotASpreadsheet, OSError, ValueError, KeyError, zipfile.BadZipFile,
                InvalidFileException, CalamineError)


class UnreadableFile(Exception):
    pass


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


async def run_next(deps: Deps) -> bool:
    """Claims and runs one import job to the end; False when there was none."""
    async with deps.sessions() as session, session.begin():
        claimed = await repo.claim(session)
    if claimed is None:
        return False
    with tempfile.TemporaryDirectory(prefix="leads-import-") as tmp:
        path = Path(tmp) / f"upload.{claimed.format}"
        async with deps.sessions() as session:
            await repo.write_file(session, import_id=claimed.id, path=path)
        error = await _run(claimed, path, deps)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await import_finished.finish(uow, import_id=claimed.id, error=error)
        await uow.commit()
    log.info("import %s finished %s", claimed.id, error or "ok")
    return True


async def _run(claimed: Any, path: Path, deps: Deps) -> str:
    """Processes the rows after the last committed batch; returns why the file failed."""
    try:
        rows = import_reader.rows(path, claimed.format)
        headers = await _read(next, rows, None)
        if headers is None:
            return "文件中没有任何内容"
        job = _Job(claimed.id, header_map(headers))
        total = await _read(import_reader.count_rows, path, claimed.format, rows.sheet)
        async with deps.sessions() as session, session.begin():
            await repo.set_total(session, import_id=claimed.id, total=total or 0,
                                 headers=headers)
        await _read(lambda: list(islice(rows, claimed.rows_done)))  # resume after a restart
        row_number = 2 + claimed.rows_done
        pending: asyncio.Task[None] | None = None
        while raw := await _read(lambda: list(islice(rows, BATCH))):
            batch = await import_normalise.normalise(raw, job.columns, row_number,
                                                     deps.clock())
            if pending is not None:
                await pending  # the previous batch was written while this one was read
            pending = asyncio.create_task(import_batches.write(job.id, batch, deps))
            row_number += len(batch)
        if pending is not None:
            await pending
    except NoUsableHeader as error:
        return str(error)
    except UnreadableFile as error:
        log.warning("import %s: unreadable file: %s", claimed.id, error)
        return "文件无法读取，请确认是有效的 .xlsx 或 .csv 文件"
    return ""
