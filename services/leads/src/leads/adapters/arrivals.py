"""The intake transaction's reads and writes in as few round trips as its locking allows.

`intake.receive` takes the arrival's advisory locks in one statement (it must come first:
in READ COMMITTED each statement reads the data committed when it starts, so the reads
must start after the lock is held to see a concurrent arrival of the same customer).
Then one statement answers everything it needs to know — the touch an earlier request
with this idempotency key recorded, the leads sharing an exact key, and the contact's
namesakes at a close company — and one statement stores a new lead with its first touch.
Before this each of those was its own round trip (up to seven per web form, each also a
trip through SQLAlchemy); the rules are unchanged (leads/domain/dedupe.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Text

from leads.adapters.dedupe_orm import lead_touches
from leads.adapters.namesakes import close_namesakes
from leads.adapters.orm import leads
from leads.adapters.repository import STORED, lead_row
from leads.domain.dedupe import Identity, Known, name_key
from leads.domain.history import Touch
from leads.domain.model import Lead
from leads.domain.search import search_grams

# A candidate lead as both lookups (this one and arrivals_batch's) return it.
CANDIDATE = ("l.id, NULL AS match_reason, l.phone, l.email, l.wechat_id, l.company_key, "
             "l.name, l.merged_into, l.created_at")
_NAMESAKES = close_namesakes("CAST(:contact AS text)", "CAST(:company_key AS text)", CANDIDATE)
# Each exact arm repeats its partial index's predicate (`phone <> ''`, ...), so the index
# stays usable in a generic plan of this prepared statement, where the value is unknown.
_LOOKUP = text(f"""
SELECT 0 AS part, t.lead_id AS id, t.match_reason, NULL AS phone, NULL AS email,
       NULL AS wechat_id, NULL AS company_key, t.request_hash AS name, NULL AS merged_into,
       NULL::timestamptz AS created_at
  FROM lead_touches t
 WHERE CAST(:key AS text) IS NOT NULL AND t.source = :source AND t.idempotency_key = :key
UNION ALL
SELECT 1, {CANDIDATE}
  FROM leads l
 WHERE (l.phone <> '' AND l.phone = :phone) OR (l.email <> '' AND l.email = :email)
    OR (l.wechat_id <> '' AND l.wechat_id = :wechat_id)
UNION ALL
SELECT 2, c.* FROM ({_NAMESAKES}) c
 WHERE CAST(:company_key AS text) <> ''
""").bindparams(bindparam("key", type_=Text), bindparam("source", type_=Text),
                bindparam("phone", type_=Text), bindparam("email", type_=Text),
                bindparam("wechat_id", type_=Text), bindparam("company_key", type_=Text),
                bindparam("contact", type_=Text))


@dataclass(frozen=True)
class Seen:
    """What an earlier request with the same idempotency key was answered."""

    lead_id: str
    match_reason: str
    request_hash: str | None = None  # what came with the key (domain/fingerprint.py)


async def lookup(session: AsyncSession, *, source: str, key: str | None,
                 identity: Identity) -> tuple[Seen | None, list[Known]]:
    """The earlier answer to this key, if any, and the duplicate candidates: leads sharing
    an exact key (oldest first), then the contact's namesakes at a close company (newest
    first)."""
    rows = (await session.execute(_LOOKUP, {
        "key": key, "source": source, "phone": identity.phone, "email": identity.email,
        "wechat_id": identity.wechat_id, "company_key": identity.company_key,
        "contact": name_key(identity.name)})).all()
    # The earlier touch's fingerprint travels in the `name` column of its row (part 0).
    seen = next((Seen(str(r.id), r.match_reason or "", r.name) for r in rows if r.part == 0),
                None)
    exact = sorted((r for r in rows if r.part == 1), key=lambda r: r.created_at)
    named = sorted((r for r in rows if r.part == 2), key=lambda r: r.created_at, reverse=True)
    return seen, [_known(r) for r in (*exact, *named)]


def _known(row: Any) -> Known:
    return Known(str(row.id), Identity(phone=row.phone, email=row.email,
                                       wechat_id=row.wechat_id, company_key=row.company_key,
                                       name=row.name), merged_into=row.merged_into)


def _add_statement(*, keyed: bool) -> Any:
    """INSERT lead (+ ON CONFLICT on its key) RETURNING id, and its first touch from that
    id; built once with bind parameters, so a call costs no statement construction."""
    new_lead = insert(leads).values({name: bindparam(f"lead_{name}", type_=leads.c[name].type)
                                     for name in (*STORED, "search_grams")})
    if keyed:
        new_lead = new_lead.on_conflict_do_nothing(index_elements=["source", "idempotency_key"])
    stored = new_lead.returning(leads.c.id).cte("new_lead")
    first_touch = insert(lead_touches).from_select(
        _TOUCH, select(*(bindparam(f"touch_{name}", type_=lead_touches.c[name].type)
                         if name != "lead_id" else stored.c.id for name in _TOUCH))
    ).cte("first_touch")
    return select(stored.c.id).add_cte(first_touch)


_TOUCH = ["id", "lead_id", "source", "channel", "summary", "match_reason", "idempotency_key",
          "touched_at", "request_hash"]
_ADD_KEYED, _ADD_UNKEYED = _add_statement(keyed=True), _add_statement(keyed=False)


async def add_with_first_touch(session: AsyncSession, *, lead: Lead, touch: Touch) -> str | None:
    """Inserts the lead and its first touch in one statement. None (and nothing stored)
    when another lead already holds the lead's idempotency key."""
    params = {f"lead_{name}": value for name, value in lead_row(lead).items()}
    params["lead_search_grams"] = search_grams(lead.name, lead.company)
    params |= {f"touch_{name}": getattr(touch, name) for name in _TOUCH if name != "lead_id"}
    params["touch_id"] = uuid.UUID(touch.id)
    statement = _ADD_UNKEYED if lead.idempotency_key is None else _ADD_KEYED
    inserted = await session.execute(statement, params)
    return None if inserted.first() is None else lead.id
