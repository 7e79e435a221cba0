"""Loading the leads duplicates will fill (locked) and writing what they filled: one
statement each, whether for one arrival or an import batch's thousands.

The leads are locked before anything is decided (id order, so two batches never wait on
each other crosswise; before the assignment turns, as the assigner locks leads before
turns), so the fields read are the ones overwritten: a rep's edit (UpdateQualification
locks the lead too) lands before or after, never in between. The UPDATE still fills a
field only where it is empty, the rule written where the data is.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Sequence
from dataclasses import asdict

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters import repository
from leads.domain.gap_fill import FILLABLE
from leads.domain.model import Lead
from leads.domain.province_guess import INFERRED


async def lock(session: AsyncSession, lead_ids: Collection[str]) -> dict[str, Lead]:
    """The leads among these ids, locked in id order, by id."""
    locked = await repository.get_many_for_update(session, lead_ids=list(lead_ids))
    return {lead.id: lead for lead in locked}


_TEXTS = [name for name in FILLABLE if name != "budget_fen"]
# An empty province, or a guessed one (domain/gap_fill.py) when the arrival's was given.
_PROVINCE_GAP = ("(l.province = '' OR (l.province_source IN "
                 f"({', '.join(repr(s) for s in sorted(INFERRED))})"
                 " AND v.province_source = 'given' AND v.province <> ''))")
# Tags go as one JSON array per lead: a text[][] parameter cannot hold lists of
# different lengths.
_SAVE = text(f"""
UPDATE leads l
   SET {", ".join(f"{n} = CASE WHEN l.{n} = '' THEN v.{n} ELSE l.{n} END" for n in _TEXTS
                  if n != "province")},
       province = CASE WHEN {_PROVINCE_GAP} THEN v.province ELSE l.province END,
       province_source = CASE WHEN {_PROVINCE_GAP} THEN v.province_source
                              ELSE l.province_source END,
       budget_fen = COALESCE(l.budget_fen, v.budget_fen),
       tags = ARRAY(SELECT jsonb_array_elements_text(v.tags)),
       score = v.score, score_factors = v.score_factors, updated_at = now()
  FROM unnest(CAST(:id AS uuid[]), {", ".join(f"CAST(:{n} AS text[])" for n in _TEXTS)},
              CAST(:province_source AS text[]),
              CAST(:budget_fen AS int8[]), CAST(:tags AS jsonb[]), CAST(:score AS int4[]),
              CAST(:score_factors AS jsonb[]))
       AS v(id, {", ".join(_TEXTS)}, province_source, budget_fen, tags, score, score_factors)
 WHERE l.id = v.id""")


async def save(session: AsyncSession, filled: Sequence[Lead]) -> None:
    """The filled fields, tags and new score of these (locked) leads, in one statement."""
    if not filled:
        return
    params: dict[str, object] = {name: [getattr(lead, name) for lead in filled]
                                 for name in (*_TEXTS, "province_source", "budget_fen", "score")}
    params["id"] = [uuid.UUID(lead.id) for lead in filled]
    params["tags"] = [json.dumps(lead.tags, ensure_ascii=False) for lead in filled]
    params["score_factors"] = [json.dumps([asdict(f) for f in lead.score_factors],
                                          ensure_ascii=False) for lead in filled]
    await session.execute(_SAVE, params)
