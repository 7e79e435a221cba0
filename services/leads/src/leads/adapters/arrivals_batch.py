"""The reads and writes of a batch of arrivals, set-based: one statement each for all.

`arrivals.py` answers one arrival in a handful of statements; under load that is a
handful of round trips, statement executions and SQLAlchemy trips per lead, and they
were most of the leads service's CPU. Here the batch's questions go out at once — the
earlier answer of each idempotency key, the leads sharing an exact key, the newest
namesakes (each arm an equi-join on the arm's index, the `LIMIT` per arrival in a
lateral join) — and the batch's new leads and first touches are two multi-row inserts.
The rules are those of `arrivals.py` and `leads/domain/dedupe.py`, item by item.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Integer, Text

from leads.adapters.arrivals import NAME_CANDIDATES, Seen, _known
from leads.adapters.clock_batch_repo import Clock, deadline_rows
from leads.adapters.dedupe_orm import lead_touches
from leads.adapters.orm import leads
from leads.adapters.repository import STORED, lead_row
from leads.adapters.rules_repo import RulesVersion
from leads.adapters.teams_repo import SAVE_TURNS_CTES
from leads.domain.dedupe import Known, name_key
from leads.domain.history import Touch
from leads.domain.model import Lead

_COLS = ("l.id, NULL AS match_reason, l.phone, l.email, l.wechat_id, l.company_key, "
         "l.name, l.merged_into, l.created_at")
_LOOKUP = text(f"""
WITH a AS MATERIALIZED (
  SELECT * FROM unnest(CAST(:i AS int[]), CAST(:key AS text[]), CAST(:source AS text[]),
                       CAST(:phone AS text[]), CAST(:email AS text[]),
                       CAST(:wechat_id AS text[]), CAST(:company_key AS text[]),
                       CAST(:contact AS text[]))
         AS a(i, key, source, phone, email, wechat_id, company_key, contact))
SELECT a.i, 0 AS part, t.lead_id AS id, t.match_reason, NULL AS phone, NULL AS email,
       NULL AS wechat_id, NULL AS company_key, NULL AS name, NULL AS merged_into,
       NULL::timestamptz AS created_at
  FROM a JOIN lead_touches t ON t.source = a.source AND t.idempotency_key = a.key
UNION ALL
SELECT a.i, 1, {_COLS} FROM a JOIN leads l ON l.phone <> '' AND l.phone = a.phone
UNION ALL
SELECT a.i, 1, {_COLS} FROM a JOIN leads l ON l.email <> '' AND l.email = a.email
UNION ALL
SELECT a.i, 1, {_COLS} FROM a JOIN leads l ON l.wechat_id <> '' AND l.wechat_id = a.wechat_id
UNION ALL
SELECT a.i, 3, l.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM a JOIN leads l ON l.source = a.source AND l.idempotency_key = a.key
UNION ALL
SELECT a.i, 2, c.* FROM a CROSS JOIN LATERAL (
  SELECT {_COLS} FROM leads l
   WHERE a.company_key <> '' AND l.contact_key <> '' AND l.contact_key = a.contact
     AND l.company_key <> ''
   ORDER BY l.created_at DESC LIMIT {NAME_CANDIDATES}) c
UNION ALL
SELECT -1, 4, NULL, NULL, count(*)::text, NULL, NULL, NULL, NULL, NULL, max(updated_at)
  FROM assignment_rules
""").bindparams(bindparam("i", type_=ARRAY(Integer)),
                *(bindparam(name, type_=ARRAY(Text)) for name in
                  ("key", "source", "phone", "email", "wechat_id", "company_key", "contact")))


@dataclass
class Found:
    """What the database knows about one arrival of the batch."""

    seen: Seen | None = None
    known: list[Known] | None = None
    held: bool = False  # a lead holds its idempotency key (a key from before touches)


async def lookup_many(session: AsyncSession, batch: list[Lead]
                      ) -> tuple[list[Found], RulesVersion]:
    """For each lead of the batch (by position): the earlier answer to its key, and its
    duplicate candidates in the order `arrivals.lookup` gives them; and the version of
    the assignment rules (rules_repo.rules_at), asked in the same round trip."""
    ids = [i.identity for i in batch]
    rows = (await session.execute(_LOOKUP, {
        "i": list(range(len(batch))), "key": [lead.idempotency_key for lead in batch],
        "source": [lead.source for lead in batch], "phone": [i.phone for i in ids],
        "email": [i.email for i in ids], "wechat_id": [i.wechat_id for i in ids],
        "company_key": [i.company_key for i in ids],
        "contact": [name_key(i.name) for i in ids]})).all()
    by_item: dict[int, list[Any]] = defaultdict(list)
    version: RulesVersion = (0, None)
    for row in rows:
        if row.part == 4:
            version = (int(row.phone), row.created_at)
            continue
        by_item[row.i].append(row)
    found = []
    for index in range(len(batch)):
        mine = by_item.get(index, [])
        seen = next((Seen(str(r.id), r.match_reason or "") for r in mine if r.part == 0), None)
        exact = sorted((r for r in mine if r.part == 1), key=lambda r: r.created_at)
        named = sorted((r for r in mine if r.part == 2), key=lambda r: r.created_at,
                       reverse=True)
        found.append(Found(seen, [_known(r) for r in (*exact, *named)],
                           held=any(r.part == 3 for r in mine)))
    return found, version


# The batch's new leads (already assigned, when intake assigned them inline), their first
# touches, their clocks' deadlines and the turns their assignment took: one statement of
# constant text whatever the batch size. Touches and deadlines are only written for the
# leads actually inserted (a lead not inserted rolls the whole batch back: intake_batch).
_LEAD = [name for name in STORED if name != "tags"]  # a new lead has no tags: the default
_TOUCH = ["id", "lead_id", "source", "channel", "summary", "match_reason", "idempotency_key",
          "touched_at"]
_DIALECT = postgresql.dialect()


def _arrays(table: Table, prefix: str, names: list[str]) -> str:
    return ", ".join(f"CAST(:{prefix}{name} AS {table.c[name].type.compile(dialect=_DIALECT)}[])"
                     for name in names)


_ADD = text(f"""
WITH l AS (
  INSERT INTO leads ({", ".join(_LEAD)}) SELECT * FROM unnest({_arrays(leads, "l_", _LEAD)})
  ON CONFLICT (source, idempotency_key) DO NOTHING RETURNING id),
t AS (
  INSERT INTO lead_touches ({", ".join(_TOUCH)})
  SELECT * FROM unnest({_arrays(lead_touches, "t_", _TOUCH)}) AS t({", ".join(_TOUCH)})
   WHERE t.lead_id IN (SELECT id FROM l)
  RETURNING 1),
d AS (
  INSERT INTO first_contact_deadlines (id, lead_id, owner_id, kind, due_at, created_at)
  SELECT * FROM unnest(CAST(:d_id AS uuid[]), CAST(:d_lead AS uuid[]),
                       CAST(:d_owner AS text[]), CAST(:d_kind AS text[]),
                       CAST(:d_due AS timestamptz[]), CAST(:d_start AS timestamptz[]))
                AS d(id, lead_id, owner_id, kind, due_at, created_at)
   WHERE d.lead_id IN (SELECT id FROM l)
  RETURNING 1),
handled AS (
  INSERT INTO inbox (event_id, consumer)
  SELECT * FROM unnest(CAST(:h_id AS uuid[]), CAST(:h_consumer AS text[]))
  ON CONFLICT DO NOTHING
  RETURNING 1),
{SAVE_TURNS_CTES}
SELECT id FROM l""")


async def add_many(session: AsyncSession, pairs: list[tuple[Lead, Touch]], *,
                   clocks: dict[str, Clock], turns: dict[str, object],
                   handled: Sequence[tuple[str, str]] = ()) -> set[str]:
    """Inserts the leads (ON CONFLICT skips a lead whose key another lead already holds),
    the first touches and clock deadlines of those stored, and writes the assignment
    turns taken for them (`turns`: teams_repo.turns_params), and the (event id, durable)
    pairs whose work is done into `inbox`. The ids stored."""
    if not pairs:
        return set()
    assert not any(lead.tags for lead, _ in pairs), "new leads have no tags"
    rows = [lead_row(lead) for lead, _ in pairs]
    params: dict[str, object] = {f"l_{name}": [row[name] for row in rows] for name in _LEAD}
    for name in ("decision_chain", "score_factors"):  # JSON goes to the driver as text
        params[f"l_{name}"] = [json.dumps(value, ensure_ascii=False)
                               for value in params[f"l_{name}"]]  # type: ignore[attr-defined]
    touches = [touch for _, touch in pairs]
    params |= {f"t_{name}": [getattr(t, name) for t in touches] for name in _TOUCH}
    params["t_id"] = [uuid.UUID(t.id) for t in touches]
    params["t_lead_id"] = [uuid.UUID(t.lead_id) for t in touches]
    params |= deadline_rows(clocks) | turns
    params |= {"h_id": [uuid.UUID(event_id) for event_id, _ in handled],
               "h_consumer": [durable for _, durable in handled]}
    return {str(r.id) for r in await session.execute(_ADD, params)}
