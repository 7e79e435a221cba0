"""Loading and saving leads and region cursors. Callers own the transaction."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from sqlalchemy import Uuid, any_, bindparam, func, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.orm import leads
from leads.domain.model import NEW, Lead
from leads.domain.qualification import DecisionMaker
from leads.domain.scoring import ScoreFactor

# A Lead's fields. `search_grams` follows from name and company (leads.domain.search): the
# insert paths add it, and no read needs it back.
STORED = [c.name for c in leads.columns if c.name not in ("updated_at", "search_grams")]
LEAD_COLUMNS = [leads.c[name] for name in STORED]


def lead_row(lead: Lead) -> dict[str, Any]:
    values = {name: getattr(lead, name) for name in STORED}
    values["id"] = uuid.UUID(lead.id)
    values["decision_chain"] = [asdict(m) for m in lead.decision_chain]
    values["score_factors"] = [asdict(f) for f in lead.score_factors]
    return values


def lead_from_row(row: Any) -> Lead:
    values = {name: row._mapping[name] for name in STORED}
    values["id"] = str(values["id"])
    values["decision_chain"] = [DecisionMaker(**m) for m in values["decision_chain"]]
    values["score_factors"] = [ScoreFactor(**f) for f in values["score_factors"]]
    values["tags"] = list(values["tags"])
    return Lead(**values)


def _uuid(lead_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(lead_id)
    except ValueError:
        return None


async def holder_of_key(session: AsyncSession, *, source: str, key: str | None) -> str:
    """The id of the lead stored under this idempotency key (which must exist)."""
    existing = await session.execute(
        select(leads.c.id).where(leads.c.source == source, leads.c.idempotency_key == key))
    return str(existing.scalar_one())


async def get(session: AsyncSession, *, lead_id: str, for_update: bool = False) -> Lead | None:
    key = _uuid(lead_id)
    if key is None:
        return None
    query = select(*LEAD_COLUMNS).where(leads.c.id == key)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    return None if row is None else lead_from_row(row)


# Built once, one array parameter: an IN list is rendered and compiled anew for every
# batch size, a visible cost when the assigner and the clock call this per batch.
_MANY_FOR_UPDATE = (select(*LEAD_COLUMNS)
                    .where(leads.c.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
                    .order_by(leads.c.id).with_for_update())


async def get_many_for_update(session: AsyncSession, *, lead_ids: list[str]) -> list[Lead]:
    """The leads that exist among these ids, locked in id order (so two batches locking
    overlapping sets never wait on each other crosswise), oldest first."""
    keys = sorted({key for key in map(_uuid, lead_ids) if key is not None})
    if not keys:
        return []
    rows = await session.execute(_MANY_FOR_UPDATE, {"ids": keys})
    return sorted(map(lead_from_row, rows), key=lambda lead: (lead.created_at, lead.id))


_NEW_FOR_UPDATE = (select(*LEAD_COLUMNS)
                   .where(leads.c.id == any_(bindparam("ids", type_=ARRAY(Uuid))),
                          leads.c.status == NEW)
                   .order_by(leads.c.id).with_for_update())


async def new_for_update(session: AsyncSession, *, lead_ids: list[str]) -> list[Lead]:
    """`get_many_for_update` of the leads still awaiting assignment: the others (intake
    assigned nearly all of them inline) are neither locked nor loaded. A lead assigned
    meanwhile is skipped: FOR UPDATE re-checks the status on the row it waited for."""
    keys = sorted({key for key in map(_uuid, lead_ids) if key is not None})
    if not keys:
        return []
    rows = await session.execute(_NEW_FOR_UPDATE, {"ids": keys})
    return sorted(map(lead_from_row, rows), key=lambda lead: (lead.created_at, lead.id))


# One statement text for any batch: the new values as arrays, joined on the lead's id.
_SAVE_ASSIGNMENTS = text("""
UPDATE leads l SET status = v.status, region_id = v.region_id, owner_id = v.owner_id,
       owner_username = v.owner_username, assigned_at = v.assigned_at,
       assignment_reason = v.assignment_reason, assignment_rule_id = v.assignment_rule_id,
       updated_at = now()
  FROM unnest(CAST(:id AS uuid[]), CAST(:status AS text[]), CAST(:region_id AS text[]),
              CAST(:owner_id AS text[]), CAST(:owner_username AS text[]),
              CAST(:assigned_at AS timestamptz[]), CAST(:assignment_reason AS text[]),
              CAST(:assignment_rule_id AS text[]))
       AS v(id, status, region_id, owner_id, owner_username, assigned_at, assignment_reason,
            assignment_rule_id)
 WHERE l.id = v.id""")
_ASSIGNMENT = ("status", "region_id", "owner_id", "owner_username", "assigned_at",
               "assignment_reason", "assignment_rule_id")


async def save_assignments(session: AsyncSession, *, batch: list[Lead]) -> None:
    """save_assignment for several leads in one statement."""
    if not batch:
        return
    await session.execute(_SAVE_ASSIGNMENTS, {
        "id": [uuid.UUID(lead.id) for lead in batch],
        **{name: [getattr(lead, name) for lead in batch] for name in _ASSIGNMENT}})


async def save_assignment(session: AsyncSession, *, lead: Lead) -> None:
    await session.execute(
        update(leads).where(leads.c.id == uuid.UUID(lead.id)).values(
            status=lead.status, region_id=lead.region_id, owner_id=lead.owner_id,
            owner_username=lead.owner_username, assigned_at=lead.assigned_at,
            assignment_reason=lead.assignment_reason,
            assignment_rule_id=lead.assignment_rule_id, updated_at=func.now()))



async def save_qualification(session: AsyncSession, *, lead: Lead) -> None:
    row = lead_row(lead)
    names = ("industry", "company_scale", "pain_point", "budget_fen", "decision_chain",
             "urgency", "tags", "score", "score_factors", "province", "province_source")
    await session.execute(update(leads).where(leads.c.id == row["id"]).values(
        **{name: row[name] for name in names}, updated_at=func.now()))
