"""Shared steps of the assignment integration tests (rules, teams, handover)."""

from __future__ import annotations

from typing import Any

from leads.adapters import repository
from leads.domain.commands import AssignLead, CreateLead
from leads.domain.model import Lead
from leads.domain.rules import Rule
from leads.service_layer import handlers, rules_admin
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.auth import Principal
from servicekit.tables import outbox
from servicekit.uow import UnitOfWork
from sqlalchemy import select

from .factories import customer

ADMIN = Principal(user_id="admin-1", username="admin", role="admin")


async def new_lead(deps: handlers.Deps, province: str = "江苏", industry: str = "",
                   source: str = "web_form") -> str:
    # A distinct customer each time: the same one again would be a touch, not a lead.
    lead_id, _ = await handlers.create_lead(
        CreateLead(source=source, province=province, industry=industry, **customer()), deps)
    return lead_id


async def assign(deps: handlers.Deps, lead_id: str) -> Lead:
    """What the leads-assigner consumer does for one leads.created message."""
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        await handlers.assign_lead(AssignLead(lead_id=lead_id), uow, deps)
        await uow.commit()
    return await load(deps, lead_id)


async def load(deps: handlers.Deps, lead_id: str) -> Lead:
    async with deps.sessions() as session:
        lead = await repository.get(session, lead_id=lead_id)
    assert lead is not None
    return lead


async def add_rule(deps: handlers.Deps, **fields: Any) -> Rule:
    return await rules_admin.create_rule(Rule(id="", **fields), ADMIN, deps)


async def event_types(deps: handlers.Deps, lead_id: str) -> list[str]:
    async with deps.sessions() as session:
        rows = await session.execute(select(outbox.c.payload).where(
            outbox.c.aggregate_id == lead_id).order_by(outbox.c.created_at, outbox.c.id))
        return [Envelope.FromString(p).type for p in rows.scalars()]


def principal(user: Any, role: str | None = None, regions: tuple[str, ...] = ()) -> Principal:
    return Principal(user_id=user.id, username=user.username, role=role or user.role,
                     region_ids=regions)
