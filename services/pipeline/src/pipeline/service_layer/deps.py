"""What the use cases need from outside: sessions, a clock (tests pin the time) and the
photo store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from servicekit.storage import DiskStorage, Storage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

SOURCE = "pipeline"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime] = field(default=_now)
    # Visit photos' bytes; bootstrap puts them under SALESOS_DATA_DIR (servicekit.storage).
    photos: Storage = field(default_factory=lambda: DiskStorage(Path(".data/pipeline/photos")))
