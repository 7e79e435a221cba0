"""What the use cases need from outside: sessions, a clock (tests pin the time), the
photo store and the org directory."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from servicekit.storage import DiskStorage, Storage
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pipeline.domain.approval_matrix import Person
from pipeline.domain.approval_steps import Timing

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
    # The approval waits as of a moment, on the working calendar (ContractDeps.timing_at):
    # a waiting discount is reminded and escalated as a contract step is. None: the
    # default waits in wall-clock time (unit tests).
    timing_at: Callable[[AsyncSession, datetime], Awaitable[Timing]] | None = None

    async def approval_timing(self, session: AsyncSession, now: datetime) -> Timing:
        return await self.timing_at(session, now) if self.timing_at else Timing()
