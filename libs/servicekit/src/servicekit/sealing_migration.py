"""Sealing the plain values rows already hold: for a revision's `upgrade()`.

    from servicekit.sealing_migration import seal_plain_text
    seal_plain_text(op.get_bind(), "preferences", key="user_id", columns=("wecom_webhook",))

Runs in the migrate step, which gets the same environment as the service (the runner's
child environment, the k8s init container's envFrom), so `SALESOS_SEALING_KEYS` is there.
The keys are read only when a plain value is found: a fresh database needs none. Works in
batches by primary key, so a long table is not read into memory at once. Values written
by an older replica still running during a rolling update are plain too; they are read
as they are and sealed when their row is next written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection

from servicekit.sealed_columns import seal_fields
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


def _each_batch(bind: Connection, t: sa.TableClause, key: str,
                condition: sa.ColumnElement[bool],
                sealed: Callable[[sa.Row[Any]], dict[str, Any]]) -> int:
    changed, after = 0, None
    update = sa.update(t).where(t.c[key] == sa.bindparam("_key"))
    while True:
        query = sa.select(t).where(condition).order_by(t.c[key]).limit(BATCH)
        if after is not None:
            query = query.where(t.c[key] > after)
        rows = bind.execute(query).all()
        if not rows:
            return changed
        bind.execute(update, [{"_key": getattr(r, key), **sealed(r)} for r in rows])
        changed += len(rows)
        after = getattr(rows[-1], key)
