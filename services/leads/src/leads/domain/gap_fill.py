"""A returning customer's details fill the gaps on their lead: enrich, never overwrite.

A duplicate arrival (any channel: web form, QR, ads, manual entry, an import row) brings
what the customer told us this time. A field the lead has empty takes the arrival's
value; a field a rep or an earlier arrival already set keeps its value, whatever the
arrival says (people write the same thing differently, and the rep's word is the one
that counts). Tags are a union: the arrival's new ones are added after the lead's, up to
the usual limit. Never touched here: who owns the lead, its status, the decision chain
(a rep's judgement), the first-contact clock, name, company and the message (each
arrival's own text stays in its touch's summary). A province inferred from the phone or
company is only a guess and gives way to one the customer gives; the lead then follows
its province to its region, owner kept (domain/region_move.py, done by the caller). Pure;
no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from leads.domain.field_labels import FIELD_ZH
from leads.domain.normalise import folded
from leads.domain.province_guess import GIVEN, INFERRED
from leads.domain.qualification import MAX_TAGS

# The lead's single phone counts as a contact field: a lead created from an e-mail gets
# the number a later arrival leaves. There is no second-phone field to fill.
FILLABLE = ("phone", "email", "wechat_id", "title", "province", "industry",
            "company_scale", "budget_fen", "urgency", "pain_point")
# The labels the import's error report uses; the lead keeps its budget in fen, the
# import's cell is in 元, both are 预算.
LABELS = FIELD_ZH | {"budget_fen": FIELD_ZH["budget_yuan"]}
TAGS = "tags"


def _empty(value: object) -> bool:
    return value is None or value == ""  # a budget of 0 元 is a value


def gaps(lead: Any, arrival: Any) -> dict[str, object]:
    """Field -> the arrival's value, for each fillable field the lead lacks and the
    arrival has, in FILLABLE order."""
    found: dict[str, object] = {}
    for name in FILLABLE:
        theirs = getattr(arrival, name)
        if not _empty(theirs) and (_empty(getattr(lead, name)) or (
                name == "province" and _guess_meets_word(lead, arrival))):
            found[name] = theirs
    return found


def _guess_meets_word(lead: Any, arrival: Any) -> bool:
    """A province inferred from the phone or company (domain/province_guess.py) gives way
    to one the customer gave: it was only ever a guess. The same province given confirms
    it — the customer's word from then on, which a later arrival's other province does
    not replace (a confirmation left as a guess gave way to the next form's typo)."""
    return (getattr(lead, "province_source", "") in INFERRED
            and getattr(arrival, "province_source", "") == GIVEN)


def added_tags(tags: Sequence[str], arriving: Iterable[str]) -> list[str]:
    """The arrival's tags the lead lacks (compared as clean_tags de-duplicates them), in
    the arrival's order, as many as still fit under MAX_TAGS."""
    seen = {folded(tag) for tag in tags}
    added: list[str] = []
    for tag in arriving:
        if folded(tag) not in seen and len(tags) + len(added) < MAX_TAGS:
            seen.add(folded(tag))
            added.append(tag)
    return added


def filled_line(fields: Iterable[str]) -> str:
    """What a touch filled, for its history line: 「补全：邮箱、公司规模」; empty for nothing."""
    labels = [LABELS.get(name, name) for name in fields]
    return f"补全：{'、'.join(labels)}" if labels else ""
