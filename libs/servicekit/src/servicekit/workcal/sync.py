"""Keeping a service's own `calendar_days` in step with the admin's calendar.

The leads service owns the admin API (`PUT /api/v1/admin/calendar/{year}`) and publishes
`leads.calendar_year_set`; every other service with working-hour clocks subscribes with
`calendar_subscription` and replaces that year in its own table, so all clocks count the
same days without any service reading another's tables.
"""

from __future__ import annotations

from datetime import date

from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from sqlalchemy import Table

from servicekit.consumer import Subscription
from servicekit.uow import UnitOfWork
from servicekit.workcal import repo
from servicekit.workcal.year import ADMIN, Schedule, Special

SUBJECT = "leads.calendar_year_set"


def to_event(schedule: Schedule, *, set_by: str) -> events_pb2.CalendarYearSet:
    def days(entries: tuple[Special, ...]) -> list[events_pb2.CalendarYearSet.Day]:
        return [events_pb2.CalendarYearSet.Day(date=s.day.isoformat(), name=s.name)
                for s in entries]

    return events_pb2.CalendarYearSet(year=schedule.year, holidays=days(schedule.holidays),
                                      workdays=days(schedule.workdays), set_by=set_by)


def from_event(event: events_pb2.CalendarYearSet) -> Schedule:
    def days(entries: list[events_pb2.CalendarYearSet.Day]) -> tuple[Special, ...]:
        return tuple(Special(date.fromisoformat(d.date), d.name) for d in entries)

    return Schedule(event.year, days(list(event.holidays)), days(list(event.workdays)), ADMIN)


def calendar_subscription(durable: str, table: Table) -> Subscription:
    """A durable on LEADS that mirrors admins' calendar years into `table`."""

    async def apply(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
        assert isinstance(payload, events_pb2.CalendarYearSet)
        schedule = from_event(payload)
        await repo.replace_year(uow.session, table, schedule.year, schedule.days(),
                                source=ADMIN)

    return Subscription(durable=durable, stream="LEADS", filter_subject=SUBJECT, handler=apply)
