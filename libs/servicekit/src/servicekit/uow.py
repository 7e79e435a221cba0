"""Unit of work: one transaction for the state change and the events it raised.

Rolls back unless `commit()` is called. `publish()` stages an event; `commit()` writes the
staged events into the outbox inside the same transaction, then commits, and finally
pokes the relay (NOTIFY) so it publishes without waiting for its next poll.
"""

from __future__ import annotations

import uuid
from types import TracebackType

from google.protobuf.message import Message
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from servicekit.db import DatabaseUnavailable, is_unavailable
from servicekit.envelope import new_envelope
from servicekit.tables import outbox


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
                             "aggregate_id": aggregate_id, "payload": envelope.SerializeToString()})
        return envelope.id

    async def commit(self) -> None:
        if self._staged:
            await self.session.execute(insert(outbox), self._staged)
            await self.session.execute(text(f"NOTIFY {outbox_channel(self.source)}"))
        await self.session.commit()
        self.published_ids.extend(str(row["id"]) for row in self._staged)
        self._staged = []
