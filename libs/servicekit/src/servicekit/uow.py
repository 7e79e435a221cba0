"""Unit of work: one transaction for the state change and the events it raised.

Rolls back unless `commit()` is called. `publish()` stages an event; `commit()` writes the
staged events into the outbox inside the same transaction. After the commit the rows go
straight to this process's relay when it runs (`register_relay`): no NOTIFY, no claim.
Otherwise the insert carries a NOTIFY (delivered at commit) that pokes a relay, wherever
it runs, so it sweeps without waiting for its next poll.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import NamedTuple

from google.protobuf.message import Message
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.db import DatabaseUnavailable, is_unavailable
from servicekit.envelope import new_envelope

_COLUMNS = ("id", "type", "aggregate_id", "payload")
# The staged rows, the inbox records of `done_for` and the relay's wake-up in one round
# trip (pg_notify, like NOTIFY, is delivered at commit; a data-modifying CTE runs whether
# or not the query reads it); one prepared statement whatever the number of rows.
_WRITE = ("WITH staged AS (INSERT INTO outbox (id, type, aggregate_id, payload)"
          " SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[]),"
          " CAST(:aggregate_ids AS text[]), CAST(:payloads AS bytea[])) RETURNING 1),"
          " done AS (INSERT INTO inbox (event_id, consumer)"
          " SELECT * FROM unnest(CAST(:done_ids AS uuid[]), CAST(:done_durables AS text[]))"
          " ON CONFLICT DO NOTHING RETURNING 1)")
_STAGE = text(f"{_WRITE} SELECT pg_notify(:channel, '')")
_STAGE_QUIET = text(f"{_WRITE} SELECT 1")  # this process's relay gets the rows from commit()


class Pending(NamedTuple):
    """An outbox row on its way to JetStream."""
    id: uuid.UUID
    type: str
    payload: bytes
    traceparent: str | None = None  # None: read it from the payload's envelope
    done_for: tuple[str, ...] = ()  # durables whose inbox already has it (DONE_FOR header)


# Header naming the durables that applied the event in the transaction that raised it:
# such a consumer acks the message without a database round trip (see `publish`).
DONE_FOR = "Salesos-Done-For"
Take = Callable[[list[Pending]], None]
_relays: dict[tuple[object, str], Take] = {}


def register_relay(sessions: object, source: str, take: Take) -> None:
    """From now on, rows committed through `sessions` for `source` go to `take`."""
    _relays[(sessions, source)] = take


def unregister_relay(sessions: object, source: str) -> None:
    _relays.pop((sessions, source), None)


def relay_for(sessions: object, source: str) -> Take | None:
    """This process's relay for rows committed through `sessions`, if it runs: for writers
    that stage outbox rows themselves (a lead import's COPY) and hand them over after
    their commit the way `UnitOfWork.commit` does."""
    return _relays.get((sessions, source))


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

    def publish(self, event: Message, *, type: str, aggregate_id: str,
                done_for: Sequence[str] = ()) -> str:
        """Stages the event. `done_for`: durables (of this service) whose work for this
        event this transaction has already done; commit() records it in their inbox, and
        the message tells them so, so they ack it without a database round trip."""
        envelope = new_envelope(event, type=type, source=self.source, aggregate_id=aggregate_id)
        self._staged.append({"id": uuid.UUID(envelope.id), "type": type,
                             "aggregate_id": aggregate_id, "payload": envelope.SerializeToString(),
                             "traceparent": envelope.traceparent, "done_for": tuple(done_for)})
        return envelope.id

    async def commit(self) -> None:
        take = _relays.get((self._sessions, self.source))
        if self._staged:
            params = {f"{name}s": [row[name] for row in self._staged] for name in _COLUMNS}
            done = [(row["id"], durable) for row in self._staged
                    for durable in row["done_for"]]  # type: ignore[attr-defined]
            params |= {"done_ids": [i for i, _ in done], "done_durables": [d for _, d in done]}
            if take is None:
                await self.session.execute(_STAGE, {"channel": outbox_channel(self.source),
                                                    **params})
            else:
                await self.session.execute(_STAGE_QUIET, params)
        await self.session.commit()
        staged, self._staged = self._staged, []
        self.published_ids.extend(str(row["id"]) for row in staged)
        if take is not None and staged:
            take([Pending(row["id"], row["type"], row["payload"],  # type: ignore[arg-type]
                          row["traceparent"], row["done_for"]) for row in staged])
