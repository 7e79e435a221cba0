"""Async SQLAlchemy engine and sessions, one schema per service.

The engine pins `search_path` to the owning service's schema, so no query can name
another service's tables by accident. Connection failures are turned into
`DatabaseUnavailable`, which the gRPC and HTTP layers answer with 503/UNAVAILABLE.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from sqlalchemy import ColumnElement, event, false, or_, true
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create

from servicekit.scope import Scope


class DatabaseUnavailable(Exception):
    """PostgreSQL cannot be reached right now; the caller should retry later."""


def create_engine(url: str, schema: str, *, pool_size: int = 10,
                  command_timeout: float = 30) -> AsyncEngine:
    """`command_timeout` bounds every statement: against a database that stopped answering
    without closing its connections, a statement otherwise waits for it indefinitely."""
    engine = _create(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=5,
        connect_args={
            "server_settings": {"search_path": schema, "timezone": "UTC",
                                "application_name": f"salesos-{schema}"},
            "timeout": 5,
            "command_timeout": command_timeout,
        },
    )
    event.listen(engine.sync_engine, "checkout", _refuse_closed)
    return engine


def _refuse_closed(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """Instead of `pool_pre_ping`, whose ping on asyncpg is BEGIN + `;` + ROLLBACK — three
    round trips before every transaction: a connection the server closed (a restart, an
    idle timeout) is already marked closed by asyncpg, whose protocol sees the socket's
    end while it sits in the pool. Raising DisconnectionError makes the pool throw it away
    and hand out a fresh one. What only a ping would have caught — a peer gone without a
    FIN or RST — now fails the next statement instead (503, and SQLAlchemy discards
    the connection when the error is a disconnect)."""
    if dbapi_connection._connection.is_closed():
        raise sa_exc.DisconnectionError("connection closed by the server")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


_UNAVAILABLE = (
    OSError,
    ConnectionError,
    TimeoutError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.PostgresConnectionError,
)


def is_unavailable(error: BaseException) -> bool:
    """True when `error` means the database is down or unreachable (not a bug)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (DatabaseUnavailable, *_UNAVAILABLE)):
            return True
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, sa_exc.TimeoutError):  # pool exhausted waiting for a connection
            return True
        current = current.__cause__ or current.__context__
    return False


def scope_clause(scope: Scope, *, owner: ColumnElement[str],
                 region: ColumnElement[str]) -> ColumnElement[bool]:
    """`servicekit.scope.can_read` as a WHERE clause, so a list shows exactly the records
    a read would allow."""
    if scope.everything:
        return true()
    if scope.owner_id is not None:
        return owner == scope.owner_id
    arms = [*([region.in_(scope.region_ids)] if scope.region_ids else []),
            *([owner.in_(scope.owner_ids)] if scope.owner_ids else [])]
    return or_(*arms) if arms else false()
