"""One year of the working calendar, as the State Council publishes it.

The notice lists public holidays (days off, some of them weekdays) and make-up workdays
(调休, usually weekend days that are worked). Every other day follows the week: Monday to
Friday worked, Saturday and Sunday off. A year is stored as all of its days, so "this year
has a schedule" is simply "this year has rows".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from servicekit.invalid import InvalidField

SEEDED, ADMIN = "seeded", "admin"
_NAME_MAX = 50

MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class Special:
    """A holiday or a make-up workday as listed in the notice."""

    day: date
    name: str = ""


@dataclass(frozen=True)
class CalendarDay:
    day: date
    is_workday: bool
    name: str = ""


@dataclass(frozen=True)
class Schedule:
    year: int
    holidays: tuple[Special, ...]
    workdays: tuple[Special, ...]
    source: str = ADMIN

    def days(self) -> list[CalendarDay]:
        """Every day of the year with whether it is worked and, if special, why."""
        special = {s.day: CalendarDay(s.day, False, s.name) for s in self.holidays}
        special |= {s.day: CalendarDay(s.day, True, s.name) for s in self.workdays}
        first, result = date(self.year, 1, 1), []
        for offset in range((date(self.year + 1, 1, 1) - first).days):
            day = first + timedelta(days=offset)
            result.append(special.get(day) or CalendarDay(day, day.weekday() < 5))
        return result


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidField("year", f"年份必须在 {MIN_YEAR} 到 {MAX_YEAR} 之间")
    return year


def schedule(year: int, *, holidays: Sequence[Special], workdays: Sequence[Special],
             source: str = ADMIN) -> Schedule:
    """A validated schedule; the first bad entry raises InvalidField naming it, e.g.
    `holidays.2.date`."""
    check_year(year)
    seen: dict[date, str] = {}
    cleaned: dict[str, list[Special]] = {"holidays": [], "workdays": []}
    for kind, entries in (("holidays", holidays), ("workdays", workdays)):
        for index, entry in enumerate(entries):
            where = f"{kind}.{index}"  # the gateway names list items the same way
            if entry.day.year != year:
                raise InvalidField(f"{where}.date", f"日期 {entry.day} 不属于 {year} 年")
            if entry.day in seen:
                raise InvalidField(f"{where}.date",
                                   f"日期 {entry.day} 重复（已在 {seen[entry.day]} 中）")
            seen[entry.day] = kind
            name = " ".join(entry.name.split())
            if len(name) > _NAME_MAX:
                raise InvalidField(f"{where}.name", f"长度不能超过 {_NAME_MAX} 个字符")
            cleaned[kind].append(Special(entry.day, name))
    return Schedule(year, tuple(sorted(cleaned["holidays"], key=lambda s: s.day)),
                    tuple(sorted(cleaned["workdays"], key=lambda s: s.day)), source)


def from_days(year: int, days: Sequence[CalendarDay], source: str) -> Schedule:
    """The notice back from stored days: the days that are named or break the week rule."""
    special = [d for d in days if d.name or d.is_workday != (d.day.weekday() < 5)]
    holidays = tuple(Special(d.day, d.name) for d in special if not d.is_workday)
    workdays = tuple(Special(d.day, d.name) for d in special if d.is_workday)
    return Schedule(year, holidays, workdays, source)
