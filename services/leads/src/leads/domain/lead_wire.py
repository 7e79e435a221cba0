"""A Lead as a flat tuple, to cross a process boundary cheaply (import normalising).

Pickling 5,000 `Lead` dataclasses (each a dict of ~35 fields plus its score factors and
its recorded event as objects) and unpickling them in the service cost ~35 us a row, the
unpickling (~24 us) on the service's own core, under its GIL. A tuple of plain values
pickles to 60 % of the bytes and comes back in ~7 us with the rebuild; score-factor lists
come from a small fixed set, so each distinct one is built once. Pure; no I/O.

The recorded events are not carried: whoever needs the LeadCreated of an imported lead
builds it from the lead's fields (`created_event`), which are exactly what
`Lead.create` put into it.

The import's writer only reads the lead, so it takes a `LeadView` instead of a rebuilt
`Lead`: a named tuple over the same fields, made from the flat tuple in ~1 us instead of
the ~10 us a dataclass rebuild cost (py-spy: the largest single item of the leads
process during an import).
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import fields
from operator import attrgetter
from typing import Any

from leads.domain import events
from leads.domain.dedupe import Identity
from leads.domain.model import Lead
from leads.domain.qualification import DecisionMaker
from leads.domain.scoring import ScoreFactor

FIELDS = tuple(f.name for f in fields(Lead) if f.name != "events")
_FACTORS = FIELDS.index("score_factors")
_CHAIN = FIELDS.index("decision_chain")
_TAGS = FIELDS.index("tags")
_GET = attrgetter(*FIELDS)  # all fields in one C call (a getattr loop was ~8% of the worker)
_factor_lists: dict[tuple[tuple[str, int, str], ...], tuple[ScoreFactor, ...]] = {}


def flatten(lead: Lead) -> tuple[Any, ...]:
    values = list(_GET(lead))
    values[_FACTORS] = tuple((f.factor, f.points, f.reason_zh) for f in lead.score_factors)
    values[_CHAIN] = tuple((m.name, m.title, m.role) for m in lead.decision_chain)
    values[_TAGS] = tuple(lead.tags)
    return tuple(values)


def rebuild(flat: tuple[Any, ...]) -> Lead:
    values = dict(zip(FIELDS, flat, strict=True))
    factors = _factor_lists.get(flat[_FACTORS])
    if factors is None:
        factors = _factor_lists[flat[_FACTORS]] = tuple(ScoreFactor(*f) for f in flat[_FACTORS])
    values["score_factors"] = list(factors)
    values["decision_chain"] = [DecisionMaker(*m) for m in flat[_CHAIN]]
    values["tags"] = list(flat[_TAGS])
    lead = Lead.__new__(Lead)
    lead.__dict__.update(values, events=[])
    return lead


class LeadView(namedtuple("LeadView", FIELDS)):  # type: ignore[misc]
    """A read-only imported lead: the Lead's fields (lists as tuples) and its identity."""

    __slots__ = ()
    events: tuple[events.Event, ...] = ()  # none recorded: see created_event

    @property
    def identity(self) -> Identity:
        return Identity(phone=self.phone, email=self.email, wechat_id=self.wechat_id,
                        company_key=self.company_key, name=self.name)


def view(flat: tuple[Any, ...]) -> LeadView:
    """The flat tuple as a LeadView; score factors are the same ScoreFactor objects a
    rebuild gives (each distinct list built once)."""
    factors = _factor_lists.get(flat[_FACTORS])
    if factors is None:
        factors = _factor_lists[flat[_FACTORS]] = tuple(ScoreFactor(*f) for f in flat[_FACTORS])
    return LeadView._make((*flat[:_FACTORS], factors, *flat[_FACTORS + 1:]))


def created_event(lead: Lead | LeadView) -> events.LeadCreated:
    """The LeadCreated `Lead.create` records, from the lead's fields."""
    return events.LeadCreated(
        lead_id=lead.id, source=lead.source, name=lead.name, company=lead.company,
        phone=lead.phone, email=lead.email, province=lead.province,
        region_id=lead.region_id, industry=lead.industry)
