"""What the use cases need from outside: sessions, a clock (tests pin the time), the
photo store and the org directory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from servicekit.storage import DiskStorage, Storage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pipeline.domain.approval_matrix import Person

SOURCE = "pipeline"


class Directory(Protocol):
    async def people(self) -> list[Person]: ...

    async def person(self, user_id: str) -> Person | None: ...


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime] = field(default=_now)
    # Visit photos' bytes; bootstrap puts them under SALESOS_DATA_DIR (servicekit.storage).
    photos: Storage = field(default_factory=lambda: DiskStorage(Path(".data/pipeline/photos")))
    # Who is whose delegate for quote discounts (quote_delegation); None: nobody is (unit
    # tests, and a deal's other use cases never ask). Asked only when a delegation exists.
    org: Directory | None = None
