"""The working calendar's rows (one per day of each year with a schedule), on whichever
service's `calendar_days` table is handed in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import Table, delete, extract, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from servicekit.workcal.year import ADMIN, CalendarDay


def _year(table: Table):  # type: ignore[no-untyped-def]
    return extract("year", table.c.day)


async def years_present(session: AsyncSession, table: Table) -> set[int]:
    result = await session.execute(select(_year(table)).distinct())
    return {int(year) for year in result.scalars()}


async def insert_days(session: AsyncSession, table: Table, days: Iterable[CalendarDay], *,
                      source: str) -> None:
    """Adds days; a day already stored (another replica seeding at once) is left alone."""
    rows = [{"day": d.day, "is_workday": d.is_workday, "name": d.name, "source": source}
            for d in days]
    if rows:
        await session.execute(insert(table).values(rows).on_conflict_do_nothing())


async def replace_year(session: AsyncSession, table: Table, year: int,
                       days: Sequence[CalendarDay], *, source: str) -> None:
    await session.execute(delete(table).where(_year(table) == year))
    await insert_days(session, table, days, source=source)


async def year_days(session: AsyncSession, table: Table, year: int
                    ) -> tuple[list[CalendarDay], str]:
    """The stored days of `year` and where they came from ("" when the year has none)."""
    rows = (await session.execute(
        select(table).where(_year(table) == year).order_by(table.c.day))).all()
    days = [CalendarDay(r.day, r.is_workday, r.name) for r in rows]
    sources = {r.source for r in rows}
    return days, (ADMIN if ADMIN in sources else next(iter(sources), ""))


async def workdays_between(session: AsyncSession, table: Table, first: date, last: date
                           ) -> dict[date, bool]:
    rows = await session.execute(
        select(table.c.day, table.c.is_workday).where(table.c.day.between(first, last)))
    return {day: is_workday for day, is_workday in rows.all()}
