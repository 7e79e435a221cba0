"""One customer, one lead, for a batch of imported rows: which rows are new leads, which
are another touch on a lead we know, and which this import (or an earlier one) already
recorded. Pure; the adapter (`adapters/import_dedupe.py`) finds the stored candidates in
one query per batch, and this module adds the rows earlier in the same batch, so a
customer listed twice in one file becomes one lead with two touches.

The rule is `dedupe.find_match`, the same as for a single arrival: exact phone, email or
WeChat id first, then the same contact at a company whose key is a close fuzzy match.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from leads.domain.dedupe import FUZZY_THRESHOLD, Known, Match, find_match
from leads.domain.lead_wire import LeadView
from leads.domain.model import Lead

EXACT = ("phone", "email", "wechat_id")
# Blocking for the fuzzy rule, so stored candidates are found through an index instead of
# comparing every namesake (a common name such as 王伟 has hundreds). rapidfuzz's ratio
# is 100 * (1 - d / (la + lb)) with d the Indel distance (insertions and deletions), so a
# match needs d <= (la + lb) / 10. Below LONG_PAIR total characters that allows one edit
# at most, and a single insertion or deletion leaves the first or the last character in
# place: the keys share their first or their last character. Longer pairs may differ at
# both ends and are compared whatever their ends.
LONG_PAIR = math.ceil(2 * 100 / (100 - FUZZY_THRESHOLD))


def may_be_similar(a: str, b: str) -> bool:
    """False only for company keys that cannot reach FUZZY_THRESHOLD (the candidate
    query's blocking; `dedupe.similar_companies` still decides)."""
    return len(a) + len(b) >= LONG_PAIR or a[:1] == b[:1] or a[-1:] == b[-1:]


@dataclass
class Candidates:
    """Stored leads that may match the batch: by (kind, value) and by row position."""

    exact: dict[tuple[str, str], list[Known]] = field(default_factory=dict)
    fuzzy: dict[int, list[Known]] = field(default_factory=dict)
    seen_keys: set[str] = field(default_factory=set)  # row keys already recorded


@dataclass(frozen=True)
class Outcome:
    kind: str  # "new" | "touch" | "seen"
    match: Match | None = None


_SEEN, _NEW = Outcome("seen"), Outcome("new")
_EXACT_VALUES = attrgetter(*EXACT)


def plan(batch: Sequence[Lead | LeadView], found: Candidates) -> list[Outcome]:
    """One outcome per row, in file order; earlier new rows are candidates for later ones."""
    # Earlier new rows are kept as they are and become Known only when a later row may
    # match them: most rows match nothing, and two frozen dataclasses a row were a third
    # of this loop.
    by_value: dict[tuple[str, str], list[Lead | LeadView]] = {}
    by_contact: dict[str, list[Lead | LeadView]] = {}
    keys = set(found.seen_keys)
    out: list[Outcome] = []
    for i, lead in enumerate(batch):
        if lead.idempotency_key in keys:  # the very same row: recorded already
            out.append(_SEEN)
            continue
        keys.add(lead.idempotency_key or "")
        values = [value for value in zip(EXACT, _EXACT_VALUES(lead), strict=True) if value[1]]
        known = [k for value in values for k in found.exact.get(value, ())]
        if i in found.fuzzy:
            known += found.fuzzy[i]
        earlier = [e for value in values for e in by_value.get(value, ())]
        company = lead.company_key
        if company:  # earlier rows of the same contact whose company may be close
            earlier += [e for e in by_contact.get(lead.contact_key, ())
                        if may_be_similar(company, e.company_key)]
        if known or earlier:
            known += [Known(e.id, e.identity) for e in earlier]
            match = find_match(lead.identity, known)
            if match is not None:
                out.append(Outcome("touch", match))
                continue
        out.append(_NEW)
        for value in values:
            by_value.setdefault(value, []).append(lead)
        if lead.contact_key and company:
            by_contact.setdefault(lead.contact_key, []).append(lead)
    return out
