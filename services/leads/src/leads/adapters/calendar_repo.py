"""The working calendar's rows: one per day of each year with a schedule."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import delete, extract, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.clock_orm import calendar_days
from leads.domain.calendar_year import CalendarDay

_YEAR = extract("year", calendar_days.c.day)


async def years_present(session: AsyncSession) -> set[int]:
    result = await session.execute(select(_YEAR).distinct())
    return {int(year) for year in result.scalars()}


async def insert_days(session: AsyncSession, days: Iterable[CalendarDay], *, source: str) -> None:
    """Adds days; a day already stored (another replica seeding at once) is left alone."""
    rows = [{"day": d.day, "is_workday": d.is_workday, "name": d.name, "source": source}
            for d in days]
    if rows:
        await session.execute(insert(calendar_days).values(rows).on_conflict_do_nothing())


async def replace_year(session: AsyncSession, year: int, days: Sequence[CalendarDay], *,
                       source: str) -> None:
    await session.execute(delete(calendar_days).where(_YEAR == year))
    await insert_days(session, days, source=source)


async def year_days(session: AsyncSession, year: int) -> tuple[list[CalendarDay], str]:
    """The stored days of `year` and where they came from ("" when the year has none)."""
    rows = (await session.execute(
        select(calendar_days).where(_YEAR == year).order_by(calendar_days.c.day))).all()
    days = [CalendarDay(r.day, r.is_workday, r.name) for r in rows]
    sources = {r.source for r in rows}
    return days, ("admin" if "admin" in sources else next(iter(sources), ""))


async def workdays_between(session: AsyncSession, first: date, last: date) -> dict[date, bool]:
    rows = await session.execute(
        select(calendar_days.c.day, calendar_days.c.is_workday)
        .where(calendar_days.c.day.between(first, last)))
    return {day: is_workday for day, is_workday in rows.all()}

