"""Sealing the plain values rows already hold: for a revision's `upgrade()`.

    from servicekit.sealing_migration import seal_plain_text
    seal_plain_text(op.get_bind(), "preferences", key="user_id", columns=("wecom_webhook",))

`reseal_all` / `reseal_command` (`python -m <service> reseal`) seal every value again
with the first key, after a rotation, so that the old key can be removed.

Runs in the migrate step, which gets the same environment as the service (the runner's
child environment, the k8s init container's envFrom), so `SALESOS_SEALING_KEYS` is there.
The keys are read only when a plain value is found: a fresh database needs none. Works in
batches by primary key, so a long table is not read into memory at once. Values written
by an older replica still running during a rolling update are plain too; they are read
as they are and sealed when their row is next written.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection

from servicekit.db import create_engine
from servicekit.migrations import DEFAULT_DATABASE_URL
from servicekit.sealed_columns import SealedFields, SealedText, seal_fields
from servicekit.sealing import PREFIX, current

BATCH = 500


def _plain(value: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    return sa.and_(value != "", sa.not_(value.startswith(PREFIX)))


def seal_plain_text(bind: Connection, table: str, *, key: str, columns: Sequence[str]) -> int:
    """Seals every non-empty plain value of the text `columns`; how many rows changed."""
    t = sa.table(table, sa.column(key), *(sa.column(c, sa.Text) for c in columns))

    def sealed(row: sa.Row[Any]) -> dict[str, Any]:
        values = {c: getattr(row, c) for c in columns}
        return {c: None if v is None else current().seal(v) for c, v in values.items()}

    return _each_batch(bind, t, key, sa.or_(*(_plain(t.c[c]) for c in columns)), sealed)


def seal_plain_fields(bind: Connection, table: str, *, key: str, column: str,
                      fields: Sequence[str]) -> int:
    """Seals the plain string `fields` of the JSONB `column`; how many rows changed."""
    t = sa.table(table, sa.column(key), sa.column(column, JSONB))
    condition = sa.or_(*(_plain(t.c[column][f].astext) for f in fields))
    return _each_batch(bind, t, key, condition,
                       lambda row: {column: seal_fields(getattr(row, column), fields)})


def reseal_all(bind: Connection, metadata: sa.MetaData) -> dict[str, int]:
    """Every sealed column of `metadata` (SealedText, SealedFields) sealed again with the
    first key where a value is plain or sealed with another: after a rotation, so that the
    old key can be dropped. Rows changed per column."""
    counts: dict[str, int] = {}
    for table in metadata.sorted_tables:
        (key, *more) = [c.name for c in table.primary_key.columns] or [""]
        for column in table.columns:
            kind = column.type
            if not isinstance(kind, (SealedText, SealedFields)):
                continue
            if more or not key:
                raise ValueError(f"{kind.where}: resealing needs a one-column primary key")
            counts[kind.where] = _reseal(bind, table.name, key, column.name, kind)
    return counts


def _reseal(bind: Connection, table: str, key: str, column: str,
            kind: SealedText | SealedFields) -> int:
    sealer = current()
    if isinstance(kind, SealedText):
        t = sa.table(table, sa.column(key), sa.column(column, sa.Text))

        def text_again(row: sa.Row[Any]) -> dict[str, Any] | None:
            value = getattr(row, column)
            return {column: sealer.reseal(value, where=kind.where)} \
                if sealer.needs_sealing(value) else None

        return _each_batch(bind, t, key, t.c[column] != "", text_again)
    j = sa.table(table, sa.column(key), sa.column(column, JSONB))

    def fields_again(row: sa.Row[Any]) -> dict[str, Any] | None:
        value = dict(getattr(row, column))
        stale = [f for f in kind.fields
                 if isinstance(value.get(f), str) and sealer.needs_sealing(value[f])]
        for name in stale:
            value[name] = sealer.reseal(value[name], where=f"{kind.where}.{name}")
        return {column: value} if stale else None

    condition = sa.or_(*(j.c[column][f].astext != "" for f in kind.fields))
    return _each_batch(bind, j, key, condition, fields_again)


def reseal_command(metadata: sa.MetaData, schema: str) -> Callable[[], Awaitable[None]]:
    """`python -m <service> reseal`, for servicekit.cli's extra commands."""

    async def reseal() -> None:
        engine = create_engine(os.environ.get("SALESOS_DATABASE_URL", DEFAULT_DATABASE_URL),
                               schema, pool_size=1)
        try:
            async with engine.begin() as connection:
                counts = await connection.run_sync(reseal_all, metadata)
        finally:
            await engine.dispose()
        for where, count in counts.items():
            print(f"{where}: {count} sealed again")

    return reseal


def _each_batch(bind: Connection, t: sa.TableClause, key: str,
                condition: sa.ColumnElement[bool],
                sealed: Callable[[sa.Row[Any]], dict[str, Any] | None]) -> int:
    """`sealed(row)`: the row's new values, or None to leave it."""
    changed, after = 0, None
    update = sa.update(t).where(t.c[key] == sa.bindparam("_key"))
    while True:
        query = sa.select(t).where(condition).order_by(t.c[key]).limit(BATCH)
        if after is not None:
            query = query.where(t.c[key] > after)
        rows = bind.execute(query).all()
        if not rows:
            return changed
        changes = [{"_key": getattr(r, key), **values} for r in rows
                   if (values := sealed(r)) is not None]
        if changes:
            bind.execute(update, changes)
        changed += len(changes)
        after = getattr(rows[-1], key)
