"""Columns whose values are sealed at rest (servicekit.sealing), for tables and migrations.

`SealedText("table.column")` is a Text column that seals on every write and opens on every
read made through SQLAlchemy (ORM or Core), so repositories and routes handle plain
values and cannot forget either step. `SealedFields("table.column", ("url", "secret"))`
does the same for chosen keys of a JSONB object (a snapshot of where to send).

Statements that bypass SQLAlchemy's type processing (servicekit.bulk's unnest inserts,
raw text) must call `seal_fields` / `current().seal` themselves. Filtering on a sealed
column is meaningless (every sealing differs); compare `type_coerce(col, Text)` if needed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, Text, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.types import TypeDecorator

from servicekit.db import is_unavailable
from servicekit.sealing import PREFIX, SealingError, current

log = logging.getLogger(__name__)


class SealedText(TypeDecorator[str]):
    impl = Text
    cache_ok = True

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where  # "table.column", for the error when a value cannot be opened

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return current().seal(value) if value else value

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        # Most people configure no robot: their empty values need no sealer at all.
        return current().open(value, where=self.where) if value else value


def seal_fields(value: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """`value` with each of `fields` that holds a string sealed."""
    out = dict(value)
    for name in fields:
        if isinstance(out.get(name), str) and out[name]:
            out[name] = current().seal(out[name])
    return out


def open_fields(value: Mapping[str, Any], fields: Iterable[str], *, where: str) -> dict[str, Any]:
    out = dict(value)
    for name in fields:
        if isinstance(out.get(name), str) and out[name]:
            out[name] = current().open(out[name], where=f"{where}.{name}")
    return out


class SealedFields(TypeDecorator[dict[str, Any]]):
    impl = JSONB
    cache_ok = True

    def __init__(self, where: str, fields: tuple[str, ...]) -> None:
        super().__init__()
        self.where, self.fields = where, fields

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        return seal_fields(value, self.fields) if isinstance(value, Mapping) else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, Mapping):
            return open_fields(value, self.fields, where=self.where)
        return value


async def check_opens(sessions: async_sessionmaker[AsyncSession],
                      columns: Iterable[ColumnElement[Any] | QueryableAttribute[Any]]
                      ) -> None:
    """Opens one sealed value of each column, so that a wrong `SALESOS_SEALING_KEYS` stops
    the process at startup (SealingError naming the column) instead of at the first send.
    A database that cannot be reached is not a reason to stop: the process starts as it
    would have, and each read still fails loudly. Meant for small tables (a scan until
    the first sealed value)."""
    current()  # no keys outside demo mode: stop here, not at the first credential saved
    try:
        async with sessions() as session:
            for column in columns:
                raw = type_coerce(column, Text)
                await session.scalar(select(column).where(raw.startswith(PREFIX)).limit(1))
    except SealingError:
        raise
    except Exception as error:
        if not is_unavailable(error):
            raise
        log.warning("sealed columns not checked at startup: database unavailable (%s)", error)
