"""What the use cases need from outside: sessions, a clock (tests pin the time), the
photo store and the org directory."""

from __future__ import annotations

from collections.abc import Callable, Collection
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

    # A manager's people, deactivated included (servicekit.orgdir; service_layer/reach).
    async def people_of_manager(self, manager_id: str,
                                region_ids: Collection[str]) -> set[str]: ...


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime] = field(default=_now)
    # Visit photos' bytes; bootstrap puts them under SALESOS_DATA_DIR (servicekit.storage).
    photos: Storage = field(default_factory=lambda: DiskStorage(Path(".data/pipeline/photos")))
    # Who is whose delegate for quote discounts (quote_delegation), and who a manager's
    # people are (reach: their deals in other regions). None: nobody is (unit tests, the
    # consumers, which check no one's access); a manager then reaches his regions only.
    org: Directory | None = None
