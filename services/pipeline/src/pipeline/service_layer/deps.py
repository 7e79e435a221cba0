"""What the use cases need from outside: sessions and a clock (tests pin the time)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

SOURCE = "pipeline"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime] = field(default=_now)
