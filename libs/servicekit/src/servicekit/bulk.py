"""Set-based inserts: one statement text whatever the number of rows.

`insert(table).values([...])` renders a VALUES list per row: every batch size is new SQL,
compiled by SQLAlchemy and prepared by PostgreSQL again, and under a burst that compiling
was a large share of a consumer's CPU. `unnest_insert` builds, once per table and column
list, `INSERT ... SELECT * FROM unnest(CAST(:col AS type[]), ...)`: one array parameter
per column, so the statement is compiled once, prepared once per connection and reused
for 1 row or 5,000.

Values go to asyncpg as they are (a text clause skips SQLAlchemy's type processing):
pass what the driver takes for the column's type — uuid.UUID or str for uuid, datetime
for timestamptz, str for text and enums, and JSON already serialised to str.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from sqlalchemy import Table, TextClause, text
from sqlalchemy.dialects import postgresql

_DIALECT = postgresql.dialect()


def cast_arrays(table: Table, columns: Sequence[str], prefix: str = "") -> str:
    """`CAST(:<prefix><col> AS <col's type>[]), ...`: the unnest arguments of `columns`,
    for statements that insert through unnest inside a larger one (a CTE)."""
    return ", ".join(f"CAST(:{prefix}{c} AS {table.c[c].type.compile(dialect=_DIALECT)}[])"
                     for c in columns)


@cache
def _statement(table: Table, columns: tuple[str, ...], conflict: str,
               returning: tuple[str, ...]) -> TextClause:
    arrays = cast_arrays(table, columns)
    target = table.name if table.schema is None else f"{table.schema}.{table.name}"
    sql = f"INSERT INTO {target} ({', '.join(columns)}) SELECT * FROM unnest({arrays})"
    if conflict:
        sql += f" {conflict}"
    if returning:
        sql += f" RETURNING {', '.join(returning)}"
    return text(sql)


def unnest_insert(table: Table, columns: Sequence[str], *, on_conflict: str = "",
                  returning: Sequence[str] = ()) -> TextClause:
    """The statement for `table`'s `columns`; `on_conflict` is the clause as SQL (e.g.
    "ON CONFLICT DO NOTHING"). Execute it with `arrays(rows, columns)`."""
    for name in (*columns, *returning):
        if name not in table.c:
            raise KeyError(f"{table.name} has no column {name}")
    return _statement(table, tuple(columns), on_conflict, tuple(returning))


def arrays(rows: Iterable[Mapping[str, object]], columns: Sequence[str]
           ) -> dict[str, list[object]]:
    """Column-wise parameters for an `unnest_insert` statement."""
    out: dict[str, list[object]] = {c: [] for c in columns}
    for row in rows:
        for c in columns:
            out[c].append(row[c])
    return out
