"""What the use cases need from outside; tests pin the clock and point the channels and
the org directory at real local servers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from notifications.adapters.channels.base import Channel
from notifications.domain.delivery import RetryPolicy

SOURCE = "notifications"


class Directory(Protocol):
    async def users_with_role(self, role: str) -> list[str]: ...

    async def managers_of_region(self, region_id: str) -> list[str]: ...

    async def manager_of(self, user_id: str) -> str: ...

    async def display_name(self, user_id: str) -> str: ...

    async def source_name(self, source: str) -> str: ...


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    sessions: async_sessionmaker[AsyncSession]
    org: Directory
    channels: Mapping[str, Channel]
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    any_webhook_host: bool = False
    public_url: str = "http://127.0.0.1:8000"  # SALESOS_PUBLIC_URL: before links sent out
    clock: Callable[[], datetime] = field(default=_now)
    # SALESOS_INBOX_CHANGE_LAG_SECONDS: how late after its version was taken an inbox
    # change may still commit and reach the live stream (ListInbox with_late_changes).
    change_lag: timedelta = timedelta(seconds=30)
