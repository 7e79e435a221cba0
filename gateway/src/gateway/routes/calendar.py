"""The working calendar behind every working-hours deadline (admin only): enter each
new year's official schedule when the State Council publishes it (every November)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path
from salesos.leads.v1 import leads_pb2

from gateway.deps import BearerToken, CurrentUser, ServiceClients
from gateway.lifecycle_schemas import CalendarDayRead, CalendarYearRead, CalendarYearWrite
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["admin"])
Year = Annotated[int, Path(ge=2000, le=2100)]


def year_read(answer: leads_pb2.CalendarYear) -> CalendarYearRead:
    def days(entries: list[leads_pb2.CalendarDay]) -> list[CalendarDayRead]:
        return [CalendarDayRead(date=d.date, name=d.name) for d in entries]  # type: ignore[arg-type]

    return CalendarYearRead(year=answer.year, source=answer.source,
                            holidays=days(answer.holidays), workdays=days(answer.workdays))


@router.put("/admin/calendar/{year}", response_model=CalendarYearRead)
async def put_year(year: Year, body: CalendarYearWrite, _: CurrentUser, token: BearerToken,
                   clients: ServiceClients,
                   idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
                   ) -> CalendarYearRead:
    """Replaces the year's schedule (PUT: repeating it is harmless)."""
    def days(entries: list) -> list[leads_pb2.CalendarDay]:  # type: ignore[type-arg]
        return [leads_pb2.CalendarDay(date=d.date.isoformat(), name=d.name) for d in entries]

    request = leads_pb2.CalendarYear(year=year, holidays=days(body.holidays),
                                     workdays=days(body.workdays))
    return year_read(await clients.call_leads("PutCalendarYear", request, user_token=token))


@router.get("/admin/calendar/{year}", response_model=CalendarYearRead)
async def get_year(year: Year, _: CurrentUser, token: BearerToken,
                   clients: ServiceClients) -> CalendarYearRead:
    return year_read(await clients.call_leads(
        "GetCalendarYear", leads_pb2.GetCalendarYearRequest(year=year), user_token=token))
