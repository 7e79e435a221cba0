"""What the contract use cases need beyond the deal's `Deps`: the org directory (who
approves), the approval timing, the signature provider, and whether this is a demo."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from servicekit.workcal.loader import CalendarLoader
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.domain.contracts import Timing
from pipeline.service_layer.deps import Deps, Directory

__all__ = ["ContractDeps", "Directory"]


@dataclass(frozen=True)
class ContractDeps:
    base: Deps
    org: Directory
    timing: Timing = field(default_factory=Timing)
    # Demo mode also returns the signing code in the API answer (for the demo, the
    # Locust scenario and tests); otherwise it goes to the signer by SMS only.
    demo: bool = False
    calendars: CalendarLoader | None = None  # None: wall-clock waits (unit tests)

    async def timing_at(self, session: AsyncSession, now: datetime) -> Timing:
        """The approval waits as of `now`, counted on the working calendar."""
        if self.calendars is None:
            return self.timing
        calendar = await self.calendars.load(session, now.year, now.year + 1)
        return replace(self.timing, calendar=calendar)

