"""Bulk insert of a batch of imported leads: one statement per batch, not one per row.

`INSERT ... SELECT FROM unnest(arrays)` sends the whole batch as a dozen array
parameters; ON CONFLICT on (source, idempotency_key) skips rows a previous run (or a
re-import of the same file) already created, and RETURNING says which rows are new.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from leads.domain.model import Lead

_COLUMNS = ("id", "source", "idempotency_key", "name", "company", "phone", "email",
            "province", "industry", "message", "company_scale", "pain_point", "budget_fen",
            "urgency", "tags", "score", "score_factors", "created_at", "updated_at")
_TYPES = ("uuid", "text", "text", "text", "text", "text", "text", "text", "text", "text",
          "text", "text", "int8", "text", "text", "int4", "text", "timestamptz", "timestamptz")
_ARRAYS = ", ".join(f"CAST(:{c} AS {t}[])" for c, t in zip(_COLUMNS, _TYPES, strict=True))
_SELECT = ", ".join(
    "ARRAY(SELECT jsonb_array_elements_text(CAST(u.tags AS jsonb)))" if c == "tags"
    else "CAST(u.score_factors AS jsonb)" if c == "score_factors" else f"u.{c}"
    for c in _COLUMNS)
_INSERT = text(f"""
    INSERT INTO leads ({", ".join(_COLUMNS)})
    SELECT {_SELECT} FROM unnest({_ARRAYS}) AS u({", ".join(_COLUMNS)})
    ON CONFLICT (source, idempotency_key) DO NOTHING
    RETURNING id
""")


async def insert_new(session: AsyncSession, batch: Sequence[Lead]) -> set[str]:
    """Inserts the leads whose idempotency key is new; returns the ids inserted."""
    if not batch:
        return set()
    params: dict[str, list[object]] = {c: [] for c in _COLUMNS}
    for lead in batch:
        for c in _COLUMNS:
            value: object
            if c == "id":
                value = uuid.UUID(lead.id)
            elif c == "tags":
                value = json.dumps(lead.tags, ensure_ascii=False)
            elif c == "score_factors":
                value = json.dumps([asdict(f) for f in lead.score_factors], ensure_ascii=False)
            elif c == "updated_at":
                value = lead.created_at
            else:
                value = getattr(lead, c)
            params[c].append(value)
    result = await session.execute(_INSERT, params)
    return {str(row.id) for row in result}
