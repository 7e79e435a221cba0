"""Async SQLAlchemy engine and sessions, one schema per service.

The engine pins `search_path` to the owning service's schema, so no query can name
another service's tables by accident. Connection failures are turned into
`DatabaseUnavailable`, which the gRPC and HTTP layers answer with 503/UNAVAILABLE.
"""

from __future__ import annotations

import asyncpg
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create


class DatabaseUnavailable(Exception):
    """PostgreSQL cannot be reached right now; the caller should retry later."""


def create_engine(url: str, schema: str, *, pool_size: int = 10) -> AsyncEngine:
    return _create(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_timeout=5,
        connect_args={
            "server_settings": {"search_path": schema, "timezone": "UTC",
                                "application_name": f"salesos-{schema}"},
            "timeout": 5,
            "command_timeout": 30,
        },
    )


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
