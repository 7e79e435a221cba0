"""Storing a batch of new leads in one statement (intake_batch): the leads, already
assigned when intake placed them, with their first touches, their first-contact
deadlines, the assignment turns they took and their events' outbox rows
(UnitOfWork.fold_outbox). Constant text whatever the batch size: one array parameter per
column, sent on the driver connection (servicekit.driver).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import lru_cache
from operator import attrgetter

from servicekit.bulk import cast_arrays
from servicekit.driver import Statement, connection
from servicekit.uow import OUTBOX_CTES
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.clock_batch_repo import DEADLINE_ROWS, Clock, deadline_rows
from leads.adapters.dedupe_orm import lead_touches
from leads.adapters.orm import leads
from leads.adapters.repository import STORED
from leads.adapters.search_literal import search_literal
from leads.adapters.teams_repo import SAVE_TURNS_CTES
from leads.domain.history import Touch
from leads.domain.model import Lead
from leads.domain.qualification import DecisionMaker
from leads.domain.scoring import ScoreFactor

# The batch's new leads (already assigned, when intake assigned them inline), their first
# touches, their clocks' deadlines, the turns their assignment took and the outbox rows:
# one statement of constant text whatever the batch size. Touches and deadlines are only
# written for the leads actually inserted (a lead not inserted rolls the whole batch
# back: intake_batch). Each lead's search bigrams go as one array literal (search_literal).
_LEAD = [name for name in STORED if name != "tags"]  # a new lead has no tags: the default
_LEAD_VALUES = attrgetter(*_LEAD)
_TOUCH = ["id", "lead_id", "source", "channel", "summary", "match_reason", "idempotency_key",
          "touched_at", "request_hash"]
_TOUCH_VALUES = attrgetter(*_TOUCH)

_ADD = Statement(f"""
WITH l AS (
  INSERT INTO leads ({", ".join(_LEAD)}, search_grams)
  SELECT {", ".join(_LEAD)}, CAST(grams AS text[])
    FROM unnest({cast_arrays(leads, _LEAD, "l_")}, CAST(:l_search_grams AS text[]))
      AS n({", ".join(_LEAD)}, grams)
  ON CONFLICT (source, idempotency_key) DO NOTHING RETURNING id),
t AS (
  INSERT INTO lead_touches ({", ".join(_TOUCH)})
  SELECT * FROM unnest({cast_arrays(lead_touches, _TOUCH, "t_")}) AS t({", ".join(_TOUCH)})
   WHERE t.lead_id IN (SELECT id FROM l)
  RETURNING 1),
d AS (
  INSERT INTO first_contact_deadlines (id, lead_id, owner_id, kind, due_at, created_at)
  SELECT * FROM {DEADLINE_ROWS} AS d(id, lead_id, owner_id, kind, due_at, created_at)
   WHERE d.lead_id IN (SELECT id FROM l)
  RETURNING 1),
{SAVE_TURNS_CTES},
{OUTBOX_CTES}
SELECT id FROM l""")
_NO_OUTBOX: dict[str, object] = {name: [] for name in _ADD.names if name.startswith("o_")}


async def add_many(session: AsyncSession, pairs: list[tuple[Lead, Touch]], *,
                   clocks: dict[str, Clock], turns: dict[str, object],
                   outbox: dict[str, object] | None = None) -> set[str]:
    """Inserts the leads (ON CONFLICT skips a lead whose key another lead already holds),
    the first touches and clock deadlines of those stored, writes the assignment turns
    taken for them (`turns`: teams_repo.turns_params) and the outbox rows (`outbox`:
    UnitOfWork.fold_outbox). The ids stored."""
    if not pairs:
        return set()
    assert not any(lead.tags for lead, _ in pairs), "new leads have no tags"
    leads_ = [lead for lead, _ in pairs]
    # Column by column straight from the leads (ids as text: asyncpg takes str for uuid),
    # not repository.lead_row: its dataclasses.asdict copies were a visible cost per lead.
    columns = zip(*map(_LEAD_VALUES, leads_), strict=True)
    params: dict[str, object] = {f"l_{name}": list(values)
                                 for name, values in zip(_LEAD, columns, strict=True)}
    params["l_decision_chain"] = [_chain_json(lead.decision_chain) for lead in leads_]
    params["l_score_factors"] = [_factors_json(tuple(lead.score_factors)) for lead in leads_]
    params["l_search_grams"] = [search_literal(lead.name, lead.company) for lead in leads_]
    columns = zip(*(_TOUCH_VALUES(touch) for _, touch in pairs), strict=True)
    params |= {f"t_{name}": list(values) for name, values in zip(_TOUCH, columns, strict=True)}
    params |= deadline_rows(clocks) | turns | (outbox or _NO_OUTBOX)
    return {str(r["id"]) for r in await _ADD.fetch(await connection(session), params)}


def _chain_json(chain: list[DecisionMaker]) -> str:  # JSON goes to the driver as text
    return json.dumps([asdict(m) for m in chain], ensure_ascii=False) if chain else "[]"


@lru_cache(maxsize=512)
def _factors_json(factors: tuple[ScoreFactor, ...]) -> str:
    """A new lead's factors follow from a few fields, so most leads share a few lists."""
    return json.dumps([asdict(f) for f in factors], ensure_ascii=False)
