"""What the database knows about a batch of arrivals, set-based: one statement for all.

`arrivals.py` answers one arrival in a handful of statements; under load that is a
handful of round trips, statement executions and SQLAlchemy trips per lead, and they
were most of the leads service's CPU. Here the batch's questions go out at once — the
earlier answer of each idempotency key, the leads sharing an exact key, the namesakes
at a close company (`namesakes.py`; each arm an equi-join on the arm's index), a lead
already holding a key, and the assignment rules' version. The batch's writes are one
statement too (`arrivals_store.py`). The rules are those of `arrivals.py` and
`leads/domain/dedupe.py`, item by item.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from servicekit.driver import Statement, connection
from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters.arrivals import CANDIDATE, Seen
from leads.adapters.namesakes import close_namesakes
from leads.adapters.rules_repo import RulesVersion
from leads.domain.dedupe import Identity, Known, name_key
from leads.domain.model import Lead

_LOOKUP = Statement(f"""
WITH a AS MATERIALIZED (
  SELECT * FROM unnest(CAST(:i AS int[]), CAST(:key AS text[]), CAST(:source AS text[]),
                       CAST(:phone AS text[]), CAST(:email AS text[]),
                       CAST(:wechat_id AS text[]), CAST(:company_key AS text[]),
                       CAST(:contact AS text[]))
         AS a(i, key, source, phone, email, wechat_id, company_key, contact))
SELECT a.i, 0 AS part, t.lead_id AS id, t.match_reason, NULL AS phone, NULL AS email,
       NULL AS wechat_id, NULL AS company_key, t.request_hash AS name, NULL AS merged_into,
       NULL::timestamptz AS created_at
  FROM a JOIN lead_touches t ON t.source = a.source AND t.idempotency_key = a.key
UNION ALL
SELECT a.i, 1, {CANDIDATE} FROM a JOIN leads l ON l.phone <> '' AND l.phone = a.phone
UNION ALL
SELECT a.i, 1, {CANDIDATE} FROM a JOIN leads l ON l.email <> '' AND l.email = a.email
UNION ALL
SELECT a.i, 1, {CANDIDATE} FROM a JOIN leads l ON l.wechat_id <> '' AND l.wechat_id = a.wechat_id
UNION ALL
SELECT a.i, 3, l.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM a JOIN leads l ON l.source = a.source AND l.idempotency_key = a.key
UNION ALL
SELECT a.i, 2, c.* FROM a CROSS JOIN LATERAL (
  {close_namesakes("a.contact", "a.company_key", CANDIDATE)}) c WHERE a.company_key <> ''
UNION ALL
SELECT -1, 4, NULL, NULL, count(*)::text, NULL, NULL, NULL, NULL, NULL, max(updated_at)
  FROM assignment_rules
""")


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
    rows = await _LOOKUP.fetch(await connection(session), {
        "i": list(range(len(batch))), "key": [lead.idempotency_key for lead in batch],
        "source": [lead.source for lead in batch], "phone": [i.phone for i in ids],
        "email": [i.email for i in ids], "wechat_id": [i.wechat_id for i in ids],
        "company_key": [i.company_key for i in ids],
        "contact": [name_key(i.name) for i in ids]})
    by_item: dict[int, list[Any]] = defaultdict(list)
    version: RulesVersion = (0, None)
    for row in rows:
        if row["part"] == 4:
            version = (int(row["phone"]), row["created_at"])
            continue
        by_item[row["i"]].append(row)
    found = []
    for index in range(len(batch)):
        mine = by_item.get(index, [])
        # The earlier touch's fingerprint travels in the `name` column (part 0).
        seen = next((Seen(str(r["id"]), r["match_reason"] or "", r["name"]) for r in mine
                     if r["part"] == 0), None)
        exact = sorted((r for r in mine if r["part"] == 1), key=lambda r: r["created_at"])
        named = sorted((r for r in mine if r["part"] == 2), key=lambda r: r["created_at"],
                       reverse=True)
        found.append(Found(seen, [_known(r) for r in (*exact, *named)],
                           held=any(r["part"] == 3 for r in mine)))
    return found, version


def _known(row: Any) -> Known:
    return Known(str(row["id"]), Identity(phone=row["phone"], email=row["email"],
                                          wechat_id=row["wechat_id"],
                                          company_key=row["company_key"], name=row["name"]),
                 merged_into=row["merged_into"])
