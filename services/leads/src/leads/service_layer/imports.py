"""Import uploads: the chunks go into the database as they arrive (memory holds one chunk),
in one transaction that queues the job at the end; an interrupted upload leaves nothing.
Reading an import: import_access.py; running the job: import_jobs.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from servicekit.auth import Principal
from servicekit.idempotency import check_same_request
from servicekit.uow import UnitOfWork
from uuid6 import uuid7

from leads.adapters import imports_repository as repo
from leads.domain.import_files import MAX_BYTES, NotASpreadsheet, detect
from leads.domain.import_uploader import Uploader
from leads.domain.normalise import InvalidField
from leads.service_layer.handlers import SOURCE, Deps


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
                                                   filename=upload.filename[:255], fmt=fmt,
                                                   uploader=Uploader.of(principal))
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
