"""The rows an import stores for each new lead, built before the import floor's clock starts
(`import_floor.py`): the lead as the import normalises it (leads.domain's own
`lead_from_row`, so the values, keys and score are the application's), assigned to a rep of
its province's region with its first-contact due time; its first touch; and one deadline
row per kind of its clock (`first_contact.FRACTIONS`), marked with the import.

Column names are written out here rather than read from the service's private writer: a
column the tables lose or rename makes the floor's COPY fail, and the floor test with it.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from leads.domain.first_contact import FRACTIONS
from leads.domain.history import summarise
from leads.domain.import_rows import SOURCE, header_map, lead_from_row
from leads.domain.model import Lead
from leads.domain.search import search_grams
from servicekit.ids import uuid7_texts

LEAD_COLUMNS = (
    "id", "source", "idempotency_key", "name", "company", "phone", "email", "province",
    "industry", "message", "wechat_id", "title", "company_key", "contact_key",
    "company_scale", "pain_point", "budget_fen", "urgency", "tags", "score", "score_factors",
    "status", "region_id", "owner_id", "owner_username", "assigned_at", "assignment_reason",
    "assignment_rule_id", "first_contact_due_at", "created_at", "updated_at")
TOUCH_COLUMNS = ("id", "lead_id", "source", "channel", "summary", "match_reason",
                 "idempotency_key", "touched_at")
DEADLINE_COLUMNS = ("id", "lead_id", "owner_id", "kind", "due_at", "created_at", "import_id")
GRAMS = "search_grams"  # filled only when the table has it, as the write paths fill it
REPS = 3  # per region, as the demo company and loadtests/import_job.py staff them
CLOCK_HOURS = 8.0  # the default urgency's (中) first-contact hours


@dataclass
class FloorRows:
    lead_columns: tuple[str, ...]
    leads: list[tuple[object, ...]] = field(default_factory=list)
    touches: list[tuple[object, ...]] = field(default_factory=list)
    deadlines: list[tuple[object, ...]] = field(default_factory=list)  # per lead, in order


def _factors(lead: Lead, cache: dict[tuple[object, ...], str]) -> str:
    key = tuple(lead.score_factors)
    if key not in cache:
        cache[key] = json.dumps([{"factor": f.factor, "points": f.points,
                                  "reason_zh": f.reason_zh} for f in key], ensure_ascii=False)
    return cache[key]


def normalised(rows: Sequence[Sequence[str]], headers: Sequence[str],
               now: datetime) -> list[Lead]:
    """The rows' leads as the import's normalising step makes them (invalid rows left out)."""
    columns = header_map(headers)
    ids = uuid7_texts(len(rows))
    results = (lead_from_row(row, columns, lead_id=i, now=now) for row, i in zip(
        rows, ids, strict=True))
    return [r.lead for r in results if r.lead is not None]


def build(leads: Sequence[Lead], *, table_columns: Collection[str], now: datetime | None = None,
          import_id: uuid.UUID | None = None) -> FloorRows:
    """COPY records of the leads, assigned, with their first touches and deadline rows."""
    now = now or datetime.now(UTC)
    import_id = import_id or uuid.uuid4()
    grams = GRAMS in table_columns
    out = FloorRows(LEAD_COLUMNS + ((GRAMS,) if grams else ()))
    touch_ids, deadline_ids = iter(uuid7_texts(len(leads))), iter(
        uuid7_texts(len(leads) * len(FRACTIONS)))
    factor_json: dict[tuple[object, ...], str] = {}
    for n, lead in enumerate(leads):
        region = f"region-{lead.province}"
        owner = f"{region}-rep{n % REPS}"
        due = {kind: now + timedelta(hours=CLOCK_HOURS * share)
               for kind, share in FRACTIONS.items()}
        record = (
            lead.id, SOURCE, lead.idempotency_key, lead.name, lead.company, lead.phone,
            lead.email, lead.province, lead.industry, lead.message, lead.wechat_id,
            lead.title, lead.company_key, lead.contact_key, lead.company_scale,
            lead.pain_point, lead.budget_fen, lead.urgency, list(lead.tags), lead.score,
            _factors(lead, factor_json), "assigned", region, owner, owner, now,
            f"未匹配规则，{lead.province}区域轮询（权重1），分配给 {owner}", "",
            max(due.values()), now, now)
        out.leads.append(record + ((search_grams(lead.name, lead.company),) if grams else ()))
        out.touches.append((next(touch_ids), lead.id, SOURCE, SOURCE, summarise(
            company=lead.company, name=lead.name, title=lead.title, message=lead.message),
            "", lead.idempotency_key, now))
        out.deadlines.extend((next(deadline_ids), lead.id, owner, kind, at, now, import_id)
                             for kind, at in due.items())
    return out
