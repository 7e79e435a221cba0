"""One customer, one lead, for a batch of imported rows: which rows are new leads, which
are another touch on a lead we know, and which this import (or an earlier one) already
recorded. Pure; the adapter (`adapters/import_dedupe.py`) finds the stored candidates in
one query per batch, and this module adds the rows earlier in the same batch, so a
customer listed twice in one file becomes one lead with two touches.

The rule is `dedupe.find_match`, the same as for a single arrival: exact phone, email or
WeChat id first, then the same contact at a company whose key is a close fuzzy match.
A duplicate row fills its lead's empty fields (`domain/gap_fill.py`), contacts too, so a
later row of the file matches the lead by a phone, e-mail or WeChat id an earlier row
filled, as it would had the rows arrived one by one. (A stored lead merged by hand is
filled on its survivor, whose keys are not among the candidates: its fills count from
the next batch on.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
# An earlier new row as a candidate: the row itself until it is one (its Known is made
# only then: building two frozen dataclasses for each of a batch's 5,000 rows, nearly
# all of which nothing later matches, was a fifth of plan()), or a Known its keys grew to.
_Ref = Lead | LeadView | Known


def plan(batch: Sequence[Lead | LeadView], found: Candidates) -> list[Outcome]:
    """One outcome per row, in file order; earlier new rows are candidates for later ones."""
    by_value: dict[tuple[str, str], list[_Ref]] = {}
    # contact -> (company key's first character, last character, length, row), so the
    # blocking rule (may_be_similar) is tested inline.
    by_contact: dict[str, list[tuple[str, str, int, _Ref]]] = {}
    latest: dict[str, _Ref] = {}  # a lead's keys as this batch's rows filled them
    made: dict[str, Known] = {}
    keys = set(found.seen_keys)
    exact, fuzzy = found.exact, found.fuzzy
    out: list[Outcome] = []
    for i, lead in enumerate(batch):
        if lead.idempotency_key in keys:  # the very same row: recorded already
            out.append(_SEEN)
            continue
        keys.add(lead.idempotency_key or "")
        values = [value for value in zip(EXACT, _EXACT_VALUES(lead), strict=True) if value[1]]
        refs: list[_Ref] = []
        for value in values:
            refs += exact.get(value, ())
        refs += fuzzy.get(i, ())
        for value in values:
            refs += by_value.get(value, ())
        company = lead.company_key
        if company and (namesakes := by_contact.get(lead.contact_key)):
            first, last, size = company[0], company[-1], len(company)
            refs += [ref for f, e, n, ref in namesakes
                     if n + size >= LONG_PAIR or f == first or e == last]
        if refs:
            known = [_known(ref, made) for ref in refs]
            match = find_match(lead.identity, known)
            if match is not None:
                out.append(Outcome("touch", match))
                hit = latest.get(match.lead_id)
                target = _known(hit, made) if hit is not None else next(
                    k for k in known if k.lead_id == match.lead_id)
                _fill_keys(target, lead, latest, by_value)
                continue
        out.append(_NEW)
        latest[lead.id] = lead
        for value in values:
            by_value.setdefault(value, []).append(lead)
        if lead.contact_key and company:
            by_contact.setdefault(lead.contact_key, []).append(
                (company[0], company[-1], len(company), lead))
    return out


def _known(ref: _Ref, made: dict[str, Known]) -> Known:
    """The Known of a candidate: itself, or the one made once for an earlier new row."""
    if isinstance(ref, Known):
        return ref
    known = made.get(ref.id)
    if known is None:
        known = made[ref.id] = Known(ref.id, ref.identity)
    return known


def _fill_keys(target: Known, row: Lead | LeadView, latest: dict[str, _Ref],
               by_value: dict[tuple[str, str], list[_Ref]]) -> None:
    """The exact keys `row` fills on its lead (those it lacks), findable by later rows."""
    if target.merged_into:
        return
    grown = {kind: v for kind in EXACT
             if not getattr(target.identity, kind) and (v := getattr(row, kind))}
    if grown:
        latest[target.lead_id] = known = replace(
            target, identity=replace(target.identity, **grown))
        for value in grown.items():
            by_value.setdefault(value, []).append(known)
