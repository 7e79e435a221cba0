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
    # Never told, whoever the roles and reporting lines above name: the person whose own
    # step the event reports (they saw it happen).
    not_to: tuple[str, ...] = ()
    # What the notice asks its readers to act on (withdrawals.approval_step); their items
    # are withdrawn when that stops waiting. "" for news.
    about: str = ""


def unique(ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Non-empty ids once each, in their order."""
    return tuple(dict.fromkeys(i for i in ids if i))


def yuan(fen: int) -> str:
    """Integer fen as the amount people read: ¥1,234,567.89."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}¥{whole:,}.{cents:02d}"


class Localised(str):
    """A parameter worded per language: as text it is the zh-CN wording; rendering a
    template asks it for the template's language (`styled`)."""

    def styled(self, language: str) -> str:
        return str(self)


class Worded(Localised):
    """A parameter the event wrote in zh-CN (its text) and notifications words in other
    languages from the event's codes; a language it has no words for reads the zh text."""

    others: dict[str, str]

    def __new__(cls, zh: str, others: dict[str, str] | None = None) -> Worded:
        made = super().__new__(cls, zh)
        made.others = others or {}
        return made

    def styled(self, language: str) -> str:
        return self.others.get(language, str(self))


class LocalTime(Localised):
    """A moment in a message, in Beijing time. As text it is the zh-CN style; rendering a
    template restyles it for the template's language (`styled`), so an English text does
    not carry 月/日."""

    moment: datetime | None

    def __new__(cls, moment: datetime | None) -> LocalTime:
        made = super().__new__(cls, _style(moment, "zh-CN"))
        made.moment = moment
        return made

    def styled(self, language: str) -> str:
        return _style(self.moment, language)


def _style(moment: datetime | None, language: str) -> str:
    if moment is None:
        return "-"
    at = moment.astimezone(SHANGHAI)
    if language == "en":
        return f"{at:%b} {at.day}, {at:%H:%M}"  # Feb 5, 09:30
    return f"{at.month}月{at.day}日 {at:%H:%M}"  # 2月5日 09:30: dates are not zero-padded


def local_time(moment: datetime | None) -> LocalTime:
    return LocalTime(moment)
