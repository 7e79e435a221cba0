"""Unit of work: one transaction for the state change and the events it raised.

Rolls back unless `commit()` is called. `publish()` stages an event; `commit()` writes the
staged events into the outbox inside the same transaction. After the commit the rows go
straight to this process's relay when it runs (`register_relay`): no NOTIFY, no claim.
Otherwise the insert carries a NOTIFY (delivered at commit) that pokes a relay, wherever
it runs, so it sweeps without waiting for its next poll.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import TracebackType
from typing import NamedTuple

from google.protobuf.message import Message
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.db import DatabaseUnavailable, is_unavailable
from servicekit.envelope import new_envelope

_COLUMNS = ("id", "type", "aggregate_id", "payload")
# The staged rows and the relay's wake-up in one round trip (pg_notify, like NOTIFY, is
# delivered at commit); one prepared statement whatever the number of rows.
_INSERT = ("INSERT INTO outbox (id, type, aggregate_id, payload)"
           " SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[]),"
           " CAST(:aggregate_ids AS text[]), CAST(:payloads AS bytea[]))")
_STAGE = text(f"WITH staged AS ({_INSERT} RETURNING 1) SELECT pg_notify(:channel, '')")
_STAGE_QUIET = text(_INSERT)  # this process's relay gets the rows from commit()


class Pending(NamedTuple):
    """An outbox row on its way to JetStream."""
    id: uuid.UUID
    type: str
    payload: bytes
    traceparent: str | None = None  # None: read it from the payload's envelope


Take = Callable[[list[Pending]], None]
_relays: dict[tuple[object, str], Take] = {}


def register_relay(sessions: object, source: str, take: Take) -> None:
    """From now on, rows committed through `sessions` for `source` go to `take`."""
    _relays[(sessions, source)] = take


def unregister_relay(sessions: object, source: str) -> None:
    _relays.pop((sessions, source), None)


def outbox_channel(source: str) -> str:
    """LISTEN/NOTIFY channel that wakes `source`'s relay (channels are database-wide)."""
    return f"salesos_outbox_{source}"


class UnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, source: str) -> None:
        self._sessions = sessions
        self.source = source
        self._staged: list[dict[str, object]] = []
        self.published_ids: list[str] = []

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self._staged = []
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        try:
            await self.session.rollback()
        finally:
            await self.session.close()
        if exc is not None and is_unavailable(exc) and not isinstance(exc, DatabaseUnavailable):
            raise DatabaseUnavailable(str(exc)) from exc

    def publish(self, event: Message, *, type: str, aggregate_id: str) -> str:
        envelope = new_envelope(event, type=type, source=self.source, aggregate_id=aggregate_id)
        self._staged.append({"id": uuid.UUID(envelope.id), "type": type,
                             "aggregate_id": aggregate_id, "payload": envelope.SerializeToString(),
                             "traceparent": envelope.traceparent})
        return envelope.id

    async def commit(self) -> None:
        take = _relays.get((self._sessions, self.source))
        if self._staged:
            columns = {f"{name}s": [row[name] for row in self._staged] for name in _COLUMNS}
            if take is None:
                await self.session.execute(_STAGE, {"channel": outbox_channel(self.source),
                                                    **columns})
            else:
                await self.session.execute(_STAGE_QUIET, columns)
        await self.session.commit()
        staged, self._staged = self._staged, []
        self.published_ids.extend(str(row["id"]) for row in staged)
        if take is not None and staged:
            take([Pending(row["id"], row["type"], row["payload"],  # type: ignore[arg-type]
                          row["traceparent"]) for row in staged])
