"""Bulk insert of a batch of imported leads: one statement per batch, not one per row.

The batch goes into a staging table by binary COPY (adapters/import_staging.py says why
not array parameters), then `INSERT ... SELECT` moves it into leads; ON CONFLICT on
(source, idempotency_key) skips rows a previous run (or a re-import of the same file)
already created, and RETURNING says which rows are new.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from functools import lru_cache
from operator import attrgetter

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.clock_batch_repo import Clock, deadline_rows
from leads.adapters.import_staging import stage
from leads.adapters.search_literal import search_literal
from leads.domain.lead_wire import LeadView
from leads.domain.model import Lead
from leads.domain.scoring import ScoreFactor

_STAGE = "import_leads_stage"
# Copied as they are, in this order; then tags, the search bigrams (computed here, which
# spares PostgreSQL its bigrams() per row; as a literal: adapters/search_literal.py) and
# the score-factor list's number.
_PLAIN = (("id", "uuid"), ("source", "text"), ("idempotency_key", "text"), ("name", "text"),
          ("company", "text"), ("phone", "text"), ("email", "text"), ("province", "text"),
          ("industry", "text"), ("message", "text"), ("wechat_id", "text"),
          ("title", "text"), ("company_key", "text"), ("contact_key", "text"),
          ("company_scale", "text"), ("pain_point", "text"), ("budget_fen", "int8"),
          ("urgency", "text"), ("score", "int4"), ("created_at", "timestamptz"),
          # Placed in the batch's transaction (service_layer/import_placing.py), or `new`.
          ("status", "text"), ("region_id", "text"), ("owner_id", "text"),
          ("owner_username", "text"), ("assigned_at", "timestamptz"),
          ("assignment_reason", "text"), ("assignment_rule_id", "text"),
          ("first_contact_due_at", "timestamptz"), ("province_source", "text"))
_STAGED = (*_PLAIN, ("tags", "text[]"), ("search_grams", "text"), ("factors", "int4"))
_ROW = attrgetter(*(name for name, _ in _PLAIN))
_NAMES = [name for name, _ in _PLAIN]
# Each row carries an index into the batch's distinct factor lists: parsing ~50 distinct
# JSON documents instead of 5,000 saves ~20 us per row in PostgreSQL.
_INSERT = text(f"""
    INSERT INTO leads ({", ".join(_NAMES)}, tags, search_grams, score_factors, updated_at)
    SELECT {", ".join(f"s.{n}" for n in _NAMES)}, s.tags, CAST(s.search_grams AS text[]),
           (CAST(:factor_set AS jsonb[]))[s.factors], s.created_at
      FROM pg_temp.{_STAGE} s
    ON CONFLICT (source, idempotency_key) DO NOTHING
    RETURNING id
""")
_NO_TAGS: list[str] = []


@lru_cache(maxsize=1024)
def _factors_json(factors: tuple[ScoreFactor, ...]) -> str:
    """Factors come from a small fixed set, so their JSON is computed once per combination."""
    return json.dumps([{"factor": f.factor, "points": f.points, "reason_zh": f.reason_zh}
                       for f in factors], ensure_ascii=False)


async def insert_new(session: AsyncSession, batch: Sequence[Lead | LeadView]) -> set[str]:
    """Inserts the leads whose idempotency key is new; returns the ids inserted."""
    if not batch:
        return set()
    factor_index: dict[tuple[ScoreFactor, ...], int] = {}
    records = [(*_ROW(lead), list(lead.tags) if lead.tags else _NO_TAGS,
                search_literal(lead.name, lead.company),
                factor_index.setdefault(tuple(lead.score_factors), len(factor_index) + 1))
               for lead in batch]
    await stage(session, _STAGE, _STAGED, records)
    result = await session.execute(_INSERT, {
        "factor_set": [_factors_json(f) for f in factor_index]})  # in index order
    return {str(row.id) for row in result}


_DEADLINE_STAGE = "import_deadlines_stage"
_DEADLINE_COLUMNS = (("id", "uuid"), ("lead_id", "uuid"), ("owner_id", "text"),
                     ("kind", "text"), ("due_at", "timestamptz"), ("created_at", "timestamptz"),
                     ("import_id", "uuid"))
_DEADLINES = text(f"""
    INSERT INTO first_contact_deadlines ({", ".join(n for n, _ in _DEADLINE_COLUMNS)})
    SELECT * FROM pg_temp.{_DEADLINE_STAGE}
""")


async def insert_deadlines(session: AsyncSession, clocks: dict[str, Clock],
                           import_id: uuid.UUID) -> None:
    """The first-contact deadlines of the clocks started for the batch's placed leads:
    the rows `clock_batch_repo.deadline_rows` makes for intake, staged by COPY (three rows
    a lead as six array parameters were ~9 % of the leads process during an import),
    each marked with the import (its reminders are told per owner: import_clocks)."""
    if not clocks:
        return
    columns = deadline_rows(clocks)
    await stage(session, _DEADLINE_STAGE, _DEADLINE_COLUMNS, [
        (*row, import_id) for row in zip(*(columns[name] for name in (
            "d_id", "d_lead", "d_owner", "d_kind", "d_due", "d_start")), strict=True)])
    await session.execute(_DEADLINES)
