"""A hot path's statements on the asyncpg connection of its session's transaction.

Executing a `text()` statement through SQLAlchemy costs, beyond asyncpg's own work, a
compiled-cache lookup, bind and result processors, a result proxy and a greenlet hop
each time: for intake's few set-based statements per batch that was about a third of the
leads service's CPU per web form. A `Statement` turns its constant text with `:name`
parameters into asyncpg's `$n` form once; `connection(session)` hands out the asyncpg
connection inside the session's transaction, so commit and rollback stay the session's
(and the unit of work's). asyncpg prepares each text once per connection (its statement
cache). Values go to asyncpg as they are, as with `servicekit.bulk`; rows come back as
asyncpg Records (`row["name"]`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession

# A quoted literal (left alone) or a :name parameter (not the second colon of a ::cast).
_TOKEN = re.compile(r"'(?:[^']|'')*'|(?<![:\w]):([A-Za-z_]\w*)")


class Statement:
    """A constant SQL text with `:name` parameters, in asyncpg's `$n` form."""

    def __init__(self, sql: str) -> None:
        names: list[str] = []

        def number(match: re.Match[str]) -> str:
            name = match.group(1)
            if name is None:
                return match.group(0)
            if name not in names:
                names.append(name)
            return f"${names.index(name) + 1}"

        self.sql = _TOKEN.sub(number, sql)
        self.names = tuple(names)

    def args(self, params: Mapping[str, object]) -> list[object]:
        return [params[name] for name in self.names]

    async def fetch(self, conn: asyncpg.Connection, params: Mapping[str, object]
                    ) -> list[asyncpg.Record]:
        return await conn.fetch(self.sql, *self.args(params))


async def connection(session: AsyncSession) -> asyncpg.Connection:
    """The asyncpg connection of the session's transaction, which is begun here if the
    session has not sent a statement yet: SQLAlchemy's asyncpg adapter sends BEGIN only
    with its first statement, so a statement sent here before that would run outside
    any transaction (each on its own, committed at once). Remembered for the rest of the
    transaction: finding it costs two greenlet hops through SQLAlchemy."""
    known = session.info.get(_KNOWN)
    if known is not None and known[0] is session.sync_session.get_transaction():
        return known[1]  # type: ignore[no-any-return]
    raw = await (await session.connection()).get_raw_connection()
    adapted: Any = raw.dbapi_connection  # sqlalchemy's AsyncAdapt_asyncpg_connection
    if adapted._transaction is None:
        await adapted._start_transaction()
    session.info[_KNOWN] = (session.sync_session.get_transaction(), adapted._connection)
    return adapted._connection  # type: ignore[no-any-return]


_KNOWN = "servicekit.driver.connection"  # session.info: (its transaction, the connection)
