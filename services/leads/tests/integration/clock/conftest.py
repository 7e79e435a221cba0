"""Shared steps of the clock and lifecycle integration tests, as the `steps` fixture
(test modules cannot import each other under pytest's importlib mode)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from leads.adapters import repository
from leads.adapters.clock_orm import first_contact_deadlines
from leads.domain.commands import AssignLead, CreateLead
from leads.domain.model import Lead
from leads.service_layer import clock, handlers
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.tables import outbox
from servicekit.uow import UnitOfWork

from ..factories import customer


async def assigned_lead(deps: handlers.Deps, rules: clock.ClockRules, *,
                        province: str = "江苏") -> Lead:
    """A new lead, assigned by the real assigner, with its clock started as `leads-clock`
    would from the leads.assigned event in the outbox."""
    # A different customer each time: the same one again would be a touch, not a lead.
    lead_id, _ = await handlers.create_lead(
        CreateLead(source="web_form", province=province, **customer()), deps)
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        await handlers.assign_lead(AssignLead(lead_id=lead_id), uow, deps)
        await uow.commit()
    await start_clock_from_outbox(deps, rules, lead_id)
    return await load(deps, lead_id)


async def start_clock_from_outbox(deps: handlers.Deps, rules: clock.ClockRules,
                                  lead_id: str) -> None:
    envelope = (await events_of(deps, lead_id, "leads.assigned"))[-1]
    event = events_pb2.LeadAssigned.FromString(envelope.payload.value)
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        await clock.start_clock(event, uow, rules)
        await uow.commit()


async def load(deps: handlers.Deps, lead_id: str) -> Lead:
    async with deps.sessions() as session:
        lead = await repository.get(session, lead_id=lead_id)
    assert lead is not None
    return lead


async def events_of(deps: handlers.Deps, lead_id: str, type_: str) -> list[Envelope]:
    async with deps.sessions() as session:
        query = sa.select(outbox.c.payload).where(outbox.c.aggregate_id == lead_id,
                                                  outbox.c.type == type_).order_by(outbox.c.id)
        return [Envelope.FromString(p) for p in (await session.execute(query)).scalars()]


async def deadline_rows(deps: handlers.Deps, lead_id: str) -> list[Any]:
    table = first_contact_deadlines
    async with deps.sessions() as session:
        rows = await session.execute(sa.select(table).where(table.c.lead_id == sa.cast(
            lead_id, sa.Uuid)).order_by(table.c.created_at, table.c.due_at))
        return list(rows.all())


async def make_due(deps: handlers.Deps, lead_id: str, kind: str) -> None:
    """Moves one deadline into the past: the controllable clock of these tests."""
    table = first_contact_deadlines
    async with deps.sessions() as session:
        await session.execute(sa.update(table).where(
            table.c.lead_id == sa.cast(lead_id, sa.Uuid), table.c.kind == kind,
            table.c.fired_at.is_(None)).values(due_at=sa.func.now() - sa.text("interval '1s'")))
        await session.commit()


@pytest.fixture
def rules() -> clock.ClockRules:
    return clock.ClockRules()


@pytest.fixture
def steps() -> SimpleNamespace:
    return SimpleNamespace(assigned_lead=assigned_lead, start_clock=start_clock_from_outbox,
                           load=load, events_of=events_of, deadline_rows=deadline_rows,
                           make_due=make_due)


@pytest.fixture(scope="session", autouse=True)
async def _seeded_calendar(deps: handlers.Deps) -> None:
    from leads.adapters.clock_orm import calendar_days
    from servicekit.workcal.loader import seed_calendar

    await seed_calendar(deps.sessions, calendar_days)
