"""What an event means for people: a Notice names the kind of message, its parameters,
and who should hear it. Recipients may be people named in the event, everyone with a
role (all finance users), or someone's manager; the service layer resolves the last two
through the gateway's OrgDirectory. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Notice:
    kind: str
    params: dict[str, str]
    link: str
    users: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()        # every active user with one of these roles
    managers_of: tuple[str, ...] = ()  # the reporting-line manager of each of these users
    # The managers of each of these regions; the directors for a region without any
    # (or an empty region id), so what must be handled by someone reaches someone.
    region_managers: tuple[str, ...] = ()
    # Urgent notices are pushed during quiet hours too; the rest wait for the digest.
    urgent: bool = False
    # External addresses that are not users (a customer's phone or email), per channel.
    addresses: dict[str, str] = field(default_factory=dict)
    # Parameters holding a user id, to be shown as that person's name (param -> user id).
    people: dict[str, str] = field(default_factory=dict)


def unique(ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Non-empty ids once each, in their order."""
    return tuple(dict.fromkeys(i for i in ids if i))


def yuan(fen: int) -> str:
    """Integer fen as the amount people read: ¥1,234,567.89."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(SHANGHAI).strftime("%m月%d日 %H:%M")
