"""One customer, one lead: does a new arrival belong to a lead we already have?

Exact matches on phone (E.164), email (lower-cased) or WeChat id win, in that order.
Otherwise the same contact name at a company whose key is a close fuzzy match
(rapidfuzz `ratio` >= FUZZY_THRESHOLD = 90: one extra or missing character in a
ten-character key still matches, one different character in an eight-character key does
not; equal keys score 100) is the same customer. The contact name is required for the
company rule: two buyers at one factory are two leads.

`lock_keys` are what concurrent arrivals serialise on (PostgreSQL transaction advisory
locks): every exact key, plus the contact name, because the fuzzy rule needs an equal
name, so two simultaneous arrivals that could match each other always share a key.
Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from leads.domain.assignment import Why

FUZZY_THRESHOLD = 90.0


@dataclass(frozen=True)
class Identity:
    """Who an arrival (or a stored lead) is, in normalised form."""

    phone: str = ""
    email: str = ""
    wechat_id: str = ""
    company_key: str = ""
    name: str = ""


@dataclass(frozen=True)
class Known:
    lead_id: str
    identity: Identity
    merged_into: str = ""


@dataclass(frozen=True)
class Match:
    lead_id: str
    reason: str  # zh-CN, shown in the touch history
    why: Why | None = None  # `reason` as a code, for readers of other languages


def name_key(name: str) -> str:
    return "".join(name.split()).casefold()


def lock_keys(identity: Identity) -> list[str]:
    """Sorted, so two transactions always take their locks in the same order."""
    keys = {f"phone:{identity.phone}" if identity.phone else "",
            f"email:{identity.email}" if identity.email else "",
            f"wechat:{identity.wechat_id}" if identity.wechat_id else "",
            f"name:{name_key(identity.name)}" if name_key(identity.name) else ""}
    return sorted(k for k in keys if k)


def similar_companies(a: str, b: str) -> bool:
    return bool(a and b) and fuzz.ratio(a, b) >= FUZZY_THRESHOLD


def find_match(new: Identity, known: Iterable[Known]) -> Match | None:
    """The lead `new` duplicates, by the strongest rule that applies; None when new."""
    candidates = list(known)
    rules = (("phone", "手机号相同", "same_phone"), ("email", "邮箱相同", "same_email"),
             ("wechat_id", "微信号相同", "same_wechat"))
    for attr, reason, code in rules:
        value = getattr(new, attr)
        hit = next((k for k in candidates if value and getattr(k.identity, attr) == value), None)
        if hit is not None:
            return Match(hit.lead_id, reason, Why(code))
    name = name_key(new.name)
    scored = [(fuzz.ratio(new.company_key, k.identity.company_key), k) for k in candidates
              if name and name_key(k.identity.name) == name
              and similar_companies(new.company_key, k.identity.company_key)]
    if not scored:
        return None
    score, best = max(scored, key=lambda pair: pair[0])
    return Match(best.lead_id, f"联系人相同且公司名称相近（相似度 {score:.0f}）",
                 Why("similar_company", (("score", f"{score:.0f}"),)))


def survivor_of(lead_id: str, merged_into: dict[str, str], *, limit: int = 10) -> str:
    """Follows manual merges to the lead that survived (a merged lead is never the answer)."""
    seen = 0
    while merged_into.get(lead_id) and seen < limit:
        lead_id, seen = merged_into[lead_id], seen + 1
    return lead_id
