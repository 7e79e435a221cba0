"""Import jobs in the database: upload chunks, claim with a lease, counters, failed rows."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Collection
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.imports_orm import import_chunks, import_errors, imports
from leads.domain.import_uploader import Uploader

# A running job's worker renews its lease every HEARTBEAT; a worker silent for LEASE (its
# process died) has lost the job to the next claim: a restart resumes within seconds.
LEASE = timedelta(seconds=15)
HEARTBEAT = LEASE / 3


async def create(session: AsyncSession, *, import_id: str, created_by: str, key: str | None,
                 filename: str, fmt: str, uploader: Uploader | None = None
                 ) -> tuple[str, str | None]:
    """Inserts the job unless (created_by, key) exists; returns the id holding the key and
    the SHA-256 of that job's file (None for the new job, or a job from before)."""
    who = uploader or Uploader()
    stmt = pg_insert(imports).values(id=uuid.UUID(import_id), created_by=created_by,
                                     idempotency_key=key, filename=filename, format=fmt,
                                     uploader_role=who.role, uploader_username=who.username,
                                     uploader_region_id=who.region_id)
    if key is None:
        await session.execute(stmt)
        return import_id, None
    done = await session.execute(stmt.on_conflict_do_nothing().returning(imports.c.id))
    if done.first() is not None:
        return import_id, None
    held = (await session.execute(select(imports.c.id, imports.c.file_sha256).where(
        imports.c.created_by == created_by, imports.c.idempotency_key == key))).one()
    return str(held.id), held.file_sha256


async def add_chunk(session: AsyncSession, *, import_id: str, seq: int, data: bytes) -> None:
    await session.execute(insert(import_chunks).values(import_id=uuid.UUID(import_id), seq=seq,
                                                       data=data))


async def queue(session: AsyncSession, *, import_id: str, size: int, sha256: str) -> None:
    await session.execute(update(imports).where(imports.c.id == uuid.UUID(import_id))
                          .values(state="queued", size_bytes=size, file_sha256=sha256))


async def get(session: AsyncSession, *, import_id: str) -> Any:
    try:
        key = uuid.UUID(import_id)
    except ValueError:
        return None
    return (await session.execute(select(imports).where(imports.c.id == key))).first()


async def page(session: AsyncSession, *, uploaders: Collection[str] | None, limit: int,
               after: tuple[datetime, str] | None) -> list[Any]:
    """Imports newest first (keyset on created_at, id); `uploaders` None means anyone's.
    Uploads still in flight are committed with their queueing, so none shows half-done."""
    query = select(imports).where(imports.c.state != "uploading")
    if uploaders is not None:
        query = query.where(imports.c.created_by.in_(sorted(uploaders)))
    if after is not None:
        query = query.where(tuple_(imports.c.created_at, imports.c.id)
                            < tuple_(after[0], uuid.UUID(after[1])))
    query = query.order_by(imports.c.created_at.desc(), imports.c.id.desc()).limit(limit)
    return list((await session.execute(query)).all())


async def claim(session: AsyncSession, *, worker: str) -> Any:
    """The oldest queued job, or a running one whose worker's lease ran out (it died),
    now `worker`'s. The new `lease_until` is the claim's token: clock_timestamp() after the
    old lease ended, so no two claims of a job ever hold the same one."""
    pending = (select(imports.c.id)
               .where(imports.c.state.in_(("queued", "running")),
                      (imports.c.lease_until.is_(None)) | (imports.c.lease_until < func.now()))
               .order_by(imports.c.created_at).limit(1).with_for_update(skip_locked=True)
               .scalar_subquery())
    result = await session.execute(
        update(imports).where(imports.c.id == pending)
        .values(state="running", lease_until=func.clock_timestamp() + LEASE, worker=worker)
        .returning(imports))
    return result.first()


async def renew(session: AsyncSession, *, import_id: uuid.UUID, token: datetime
                ) -> datetime | None:
    """The lease extended, as the new token; None when the job is no longer this claim's."""
    return (await session.execute(
        update(imports).where(imports.c.id == import_id, imports.c.lease_until == token)
        .values(lease_until=func.clock_timestamp() + LEASE).returning(imports.c.lease_until)
    )).scalar_one_or_none()


async def hold(session: AsyncSession, *, import_id: uuid.UUID, token: datetime) -> bool:
    """Locks the job's row for this transaction if the claim still holds it: no other
    worker can claim it before this transaction ends, so what it writes is the holder's."""
    return (await session.execute(
        select(imports.c.id).where(imports.c.id == import_id, imports.c.lease_until == token)
        .with_for_update())).first() is not None


async def release(session: AsyncSession, *, import_id: uuid.UUID, token: datetime) -> None:
    """A stopping worker hands the job back: the next claim needs no lease to run out."""
    await session.execute(update(imports).where(
        imports.c.id == import_id, imports.c.lease_until == token).values(lease_until=None))


async def write_file(session: AsyncSession, *, import_id: uuid.UUID, path: Path) -> None:
    """The uploaded bytes into `path`, one chunk in memory at a time."""
    seqs = (await session.execute(select(import_chunks.c.seq).where(
        import_chunks.c.import_id == import_id).order_by(import_chunks.c.seq))).scalars().all()
    with path.open("wb") as out:
        for seq in seqs:
            out.write((await session.execute(select(import_chunks.c.data).where(
                import_chunks.c.import_id == import_id, import_chunks.c.seq == seq)))
                .scalar_one())


def uploader_of(row: Any) -> Uploader:
    """The uploader an import row recorded (`get`'s row)."""
    return Uploader(row.created_by, row.uploader_role, row.uploader_username,
                    row.uploader_region_id)


async def set_total(session: AsyncSession, *, import_id: uuid.UUID, total: int,
                    headers: list[str]) -> None:
    await session.execute(update(imports).where(imports.c.id == import_id)
                          .values(rows_total=total, headers=headers))


async def progress(session: AsyncSession, *, import_id: uuid.UUID, done: int, created: int,
                   merged: int, failed: int, warned: int = 0) -> None:
    """Adds a batch's counts, in the batch's transaction (the heartbeat keeps the lease)."""
    c = imports.c
    await session.execute(update(imports).where(c.id == import_id).values(
        rows_done=c.rows_done + done, rows_created=c.rows_created + created,
        rows_merged=c.rows_merged + merged, rows_failed=c.rows_failed + failed,
        rows_warned=c.rows_warned + warned,
        rows_total=func.greatest(c.rows_total, c.rows_done + done)))


async def add_errors(session: AsyncSession, *, import_id: uuid.UUID,
                     errors: list[tuple[int, list[str], str]], warning: bool = False) -> None:
    """Failed rows, or (`warning`) rows imported without the bad cells `reason` names."""
    if errors:
        await session.execute(pg_insert(import_errors).values([
            {"import_id": import_id, "row_number": n, "values": v, "reason": r,
             "warning": warning} for n, v, r in errors]).on_conflict_do_nothing())


async def finish(session: AsyncSession, *, import_id: uuid.UUID, error: str = "") -> None:
    values: dict[str, Any] = {"state": "failed" if error else "done", "error": error,
                              "finished_at": func.now(), "lease_until": None}
    if not error:
        values["rows_total"] = imports.c.rows_done
    await session.execute(update(imports).where(imports.c.id == import_id).values(**values))
    # The upload has served its purpose; failed rows stay for the error report.
    await session.execute(import_chunks.delete().where(import_chunks.c.import_id == import_id))


async def errors(session: AsyncSession, *, import_id: str) -> AsyncIterator[Any]:
    result = await session.stream(select(import_errors).where(
        import_errors.c.import_id == uuid.UUID(import_id)).order_by(import_errors.c.row_number))
    async for row in result:
        yield row


