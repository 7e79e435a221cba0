"""The first-contact clock's loops: the `leads-clock` consumer and the deadline job.

The clock starts from leads.assigned rather than inside each assignment transaction:
every way a lead changes hands (round robin, rules, a manager's reassignment, a
rejection, the overdue reassignment here) already announces itself with that event, so
one consumer covers them all without each path knowing about the clock. The clock counts
from the event's `assigned_at`, so the consumer's lag does not shorten a rep's time.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.batching import BatchHandler, Delivery
from servicekit.consumer import Handler, Subscription
from servicekit.scheduler import DueJob
from servicekit.uow import UnitOfWork
from servicekit.workcal.hours import WorkingHours
from servicekit.workcal.loader import CalendarLoader, seed_calendar
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from leads.adapters.clock_orm import calendar_days, first_contact_deadlines, import_clocks
from leads.domain.first_contact import urgency_level
from leads.service_layer import clock, import_clock
from leads.service_layer.clock_batch import start_clocks
from leads.service_layer.handlers import Deps
from leads.service_layer.intake_inline import CLOCK

log = logging.getLogger(__name__)


def clock_starter(rules: clock.ClockRules) -> Handler:
    async def on_lead_assigned(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
        if not isinstance(payload, events_pb2.LeadAssigned):
            raise TypeError(f"{envelope.type}: unexpected payload {payload.DESCRIPTOR.full_name}")
        await clock.start_clock(payload, uow, rules)

    return on_lead_assigned


def batch_clock_starter(rules: clock.ClockRules) -> BatchHandler:
    async def on_leads_assigned(uow: UnitOfWork, deliveries: list[Delivery]) -> None:
        await start_clocks(uow, deliveries, rules)

    return on_leads_assigned


def clock_subscription(rules: clock.ClockRules, *, max_deliver: int = 5) -> Subscription:
    # A batch in one transaction, set-based (service_layer/clock_batch.py), leads locked
    # in id order like the assigner's batches; a failed batch is redone one by one.
    return Subscription(durable=CLOCK, stream="LEADS", filter_subject="leads.assigned",
                        handler=clock_starter(rules), max_deliver=max_deliver,
                        batch_handler=batch_clock_starter(rules))


def deadline_job(deps: Deps, rules: clock.ClockRules, *, interval_seconds: float = 1.0) -> DueJob:
    async def fire(uow: UnitOfWork, row: Any) -> None:
        await clock.fire_deadline(row, uow, deps, rules)

    return DueJob(name="first_contact_deadlines", table=first_contact_deadlines, handler=fire,
                  interval_seconds=interval_seconds)


def import_clock_job(deps: Deps, *, interval_seconds: float = 1.0) -> DueJob:
    """One import's leads of one owner passing a threshold: one event, not one a lead."""
    async def fire(uow: UnitOfWork, row: Any) -> None:
        await import_clock.fire(row, uow, deps)

    return DueJob(name="import_clocks", table=import_clocks, handler=fire,
                  interval_seconds=interval_seconds)


class _ClockSettings(Protocol):
    first_contact_hours: dict[str, float]
    reassign_on_overdue: bool

    def working_hours(self) -> WorkingHours: ...


def clock_rules(settings: _ClockSettings) -> clock.ClockRules:
    hours = settings.working_hours()
    return clock.ClockRules(
        hours_by_urgency={urgency_level(k): v for k, v in settings.first_contact_hours.items()},
        reassign_on_overdue=settings.reassign_on_overdue,
        calendar=CalendarLoader(calendar_days, hours))


async def seed_calendar_at_start(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Seeds missing years before serving. A database that is down now must not keep the
    service from starting: deadlines then fall back to Monday–Friday (logged, counted)
    until the next start seeds."""
    try:
        await seed_calendar(sessions, calendar_days)
    except Exception:  # any failure here is logged and survivable
        log.exception("could not seed the working calendar; will retry on next start")
