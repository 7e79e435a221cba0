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

import asyncpg
from google.protobuf.message import Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.db import DatabaseUnavailable, is_unavailable
from servicekit.driver import Statement, connection
from servicekit.envelope import new_envelope
from servicekit.errors import TransientError

# The staged rows and the inbox records of `done_for`, as CTEs of one statement; the
# statement may be a caller's own (`fold_outbox`). One prepared text whatever the number
# of rows; a data-modifying CTE runs whether or not the query reads it.
OUTBOX_CTES = ("staged AS (INSERT INTO outbox (id, type, aggregate_id, payload)"
               " SELECT * FROM unnest(CAST(:o_ids AS uuid[]), CAST(:o_types AS text[]),"
               " CAST(:o_aggregate_ids AS text[]), CAST(:o_payloads AS bytea[])) RETURNING 1),"
               " done AS (INSERT INTO inbox (event_id, consumer)"
               " SELECT * FROM unnest(CAST(:o_done_ids AS uuid[]),"
               " CAST(:o_done_durables AS text[])) ON CONFLICT DO NOTHING RETURNING 1)")
# Written by commit() on the driver connection (servicekit.driver: no SQLAlchemy
# statement processing); pg_notify, like NOTIFY, is delivered at commit and wakes a relay.
_STAGE = Statement(f"WITH {OUTBOX_CTES} SELECT pg_notify(:channel, '')")
_STAGE_QUIET = Statement(f"WITH {OUTBOX_CTES} SELECT 1")  # this process's relay takes them


def _outbox_params(rows: Sequence[dict[str, object]]) -> dict[str, object]:
    done = [(row["id"], durable) for row in rows
            for durable in row["done_for"]]  # type: ignore[attr-defined]
    return {"o_ids": [row["id"] for row in rows], "o_types": [row["type"] for row in rows],
            "o_aggregate_ids": [row["aggregate_id"] for row in rows],
            "o_payloads": [row["payload"] for row in rows],
            "o_done_ids": [i for i, _ in done], "o_done_durables": [d for _, d in done]}


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
        self._folded: list[dict[str, object]] = []  # staged rows a caller's statement wrote
        self.published_ids: list[str] = []

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self._staged, self._folded = [], []
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        try:
            await self.session.rollback()
        finally:
            await self.session.close()
        # A dependency's outage already named (TransientError: the org directory down) is
        # not the database's, though its cause chain holds a ConnectionError too.
        if exc is not None and is_unavailable(exc) \
                and not isinstance(exc, DatabaseUnavailable | TransientError):
            raise DatabaseUnavailable(str(exc)) from exc

    async def connection(self) -> asyncpg.Connection:
        """The asyncpg connection of this unit of work's transaction (servicekit.driver),
        for a hot path's statements; commit and rollback stay the unit of work's."""
        return await connection(self.session)

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

    def fold_outbox(self) -> dict[str, object]:
        """The staged rows as the parameters of OUTBOX_CTES, for a caller that writes them
        within a statement of its own (one round trip less); commit() then writes only
        what is staged later. When no relay of this process takes the rows, the arrays
        are empty and commit() writes the rows itself, with the NOTIFY a relay elsewhere
        needs."""
        if relay_for(self._sessions, self.source) is None:
            return _outbox_params([])
        rows, self._staged = self._staged, []
        self._folded.extend(rows)
        return _outbox_params(rows)

    async def commit(self) -> None:
        take = relay_for(self._sessions, self.source)
        if self._staged:
            conn = await self.connection()
            if take is None:
                await _STAGE.fetch(conn, {"channel": outbox_channel(self.source),
                                          **_outbox_params(self._staged)})
            else:
                await _STAGE_QUIET.fetch(conn, _outbox_params(self._staged))
        await self.session.commit()
        staged, self._staged, self._folded = [*self._folded, *self._staged], [], []
        self.published_ids.extend(str(row["id"]) for row in staged)
        if take is not None and staged:
            take([Pending(row["id"], row["type"], row["payload"],  # type: ignore[arg-type]
                          row["traceparent"], row["done_for"]) for row in staged])
