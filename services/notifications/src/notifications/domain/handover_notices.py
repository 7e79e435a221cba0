"""A leaver's handover, told once per person: the successor reads one item "您接手了 唐欣 的
N 条线索、M 个商机" and the leaver's manager one line, whatever number of batches, runs and
services it took (each batch publishes its summary with its own count; the counts are
added up and the one item is rewritten). The handover's leads.assigned stay silent
(handlers._lead_assigned). Pure; no I/O.

Counts are kept per leaver, not per summary's `handover_id`: a handover whose leads go
through the rules (`leads_to: rules`) tells its leads under another id than its deals, and
the deals' successor who also got some of the leads must still read one item with both
counts. The manager's line keeps a part per receiver (a successor, or the rules), so one
line says who took what."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from notifications.domain import templates
from notifications.domain.model import InboxItem
from notifications.domain.notices import Worded

SUCCESSOR, MANAGER = "leads_handed_over", "leads_handed_over_manager"
RULES = "rules"  # the manager's part the assignment rules placed (no successor named)
RULES_NAMES = Worded("分配规则", {"en": "the assignment rules"})
Counts = tuple[int, int]  # leads, opportunities


@dataclass(frozen=True)
class HandoverFacts:
    handover_id: str
    from_user_id: str
    from_username: str
    to_user_id: str  # empty: the rules placed these leads (the manager's summary)
    to_username: str
    manager_id: str
    reason: str
    leads: int  # this summary's own count (one batch)
    opportunities: int

    @property
    def leaver(self) -> str:
        return self.from_user_id or self.handover_id

    @property
    def took_key(self) -> str:
        """The successor's row: everything they took from this leaver."""
        return f"{self.leaver}:took"

    @property
    def told_prefix(self) -> str:
        """The manager's rows, one per receiver, under this prefix."""
        return f"{self.leaver}:told:"

    def rows(self) -> list[tuple[str, str]]:
        """(row key, person) this summary adds its counts to. A successor who is the
        leaver's manager reads only their own item."""
        found = [(self.took_key, self.to_user_id)] if self.to_user_id else []
        if self.manager_id and self.manager_id != self.to_user_id:
            found.append((self.told_prefix + (self.to_user_id or RULES), self.manager_id))
        return found

    def event_key(self, row_key: str) -> str:
        """The items' event key: one item per person and role for the leaver's handover."""
        return f"handover:{self.leaver}:" + ("took" if row_key == self.took_key else "told")


def handover_items(facts: HandoverFacts, touched: Sequence[tuple[str, str]],
                   counts: Mapping[str, Mapping[str, Counts]], *, names: Mapping[str, str],
                   languages: Mapping[str, str], now: datetime, new_id: Callable[[], str],
                   book: templates.Book | None = None) -> list[InboxItem]:
    """The item of each (row key, person) this summary added to, showing that person's
    totals so far (`counts`: person -> row key -> counts). `names`: user id -> display
    name."""
    items = []
    from_name = names.get(facts.from_user_id) or facts.from_username
    for key, person in touched:
        theirs = counts.get(person, {})
        if key == facts.took_key:
            kind, (leads, deals), to_name = SUCCESSOR, theirs.get(key, (0, 0)), \
                names.get(person, facts.to_username)
        else:
            parts = {k.removeprefix(facts.told_prefix): c for k, c in theirs.items()
                     if k.startswith(facts.told_prefix)}
            kind, to_name = MANAGER, receivers(parts, names)
            leads, deals = sum(c[0] for c in parts.values()), sum(c[1] for c in parts.values())
        said = templates.render(kind, {
            "from_name": from_name, "to_name": to_name,
            "leads": str(leads), "opportunities": str(deals),
            "reason": f"（{facts.reason}）" if facts.reason else "",
            "reason_en": f" ({facts.reason})" if facts.reason else ""},
            languages.get(person, templates.DEFAULT_LANGUAGE), book)
        items.append(InboxItem(id=new_id(), user_id=person, kind=kind, title=said.title,
                               body=said.body, link="/leads" if kind == SUCCESSOR else "",
                               event_id=facts.event_key(key), created_at=now))
    return items


def receivers(parts: Mapping[str, Counts], names: Mapping[str, str]) -> Worded:
    """Who took the leaver's work, for the manager: one successor by name; several (a
    successor's deals and the rules' leads), each with what they took."""
    order = sorted((p for p in parts if p != RULES), key=lambda p: names.get(p, p))
    order += [RULES] if RULES in parts else []

    def name(part: str, language: str) -> str:
        return RULES_NAMES.styled(language) if part == RULES else names.get(part, part)

    if len(order) == 1:
        return Worded(name(order[0], "zh-CN"), {"en": name(order[0], "en")})
    zh = "、".join(f"{name(p, 'zh-CN')}（{_counted_zh(parts[p])}）" for p in order)
    en = " and ".join(f"{name(p, 'en')} ({_counted_en(parts[p])})" for p in order)
    return Worded(zh, {"en": en})


def _counted_zh(counts: Counts) -> str:
    said = [f"{counts[0]} 条线索" if counts[0] else "", f"{counts[1]} 个商机" if counts[1] else ""]
    return "、".join(s for s in said if s)


def _counted_en(counts: Counts) -> str:
    leads, deals = counts
    said = [f"{leads} lead{'s' if leads != 1 else ''}" if leads else "",
            f"{deals} deal{'s' if deals != 1 else ''}" if deals else ""]
    return ", ".join(s for s in said if s)
