"""A leaver's handover, told once: the successor reads one item "您接手了 X 的 N 条线索、
M 个商机" and the leaver's manager one line, whatever number of batches and runs the
leads and pipeline services took (each batch publishes its summary with its own count;
the counts are added up per handover and the one item is rewritten). The handover's
leads.assigned stay silent (handlers._lead_assigned). Pure; no I/O."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from notifications.domain import templates
from notifications.domain.model import InboxItem

SUCCESSOR, MANAGER = "leads_handed_over", "leads_handed_over_manager"


@dataclass(frozen=True)
class HandoverFacts:
    handover_id: str
    from_username: str
    to_user_id: str
    to_username: str
    manager_id: str
    reason: str
    leads: int  # this summary's own count (one batch)
    opportunities: int

    @property
    def key(self) -> str:
        """The items' event key: one item per person for the whole handover."""
        return f"handover:{self.handover_id}"

    @property
    def people(self) -> tuple[str, ...]:
        manager = self.manager_id if self.manager_id not in ("", self.to_user_id) else ""
        return tuple(p for p in (self.to_user_id, manager) if p)


def handover_items(facts: HandoverFacts, totals: Mapping[str, tuple[int, int]], *,
                   languages: Mapping[str, str], now: datetime, new_id: Callable[[], str],
                   book: templates.Book | None = None) -> list[InboxItem]:
    """Each person's item showing the handover's totals so far (leads, opportunities)."""
    items = []
    for person, (leads, deals) in totals.items():
        kind = SUCCESSOR if person == facts.to_user_id else MANAGER
        said = templates.render(kind, {
            "from_name": facts.from_username, "to_name": facts.to_username,
            "leads": str(leads), "opportunities": str(deals),
            "reason": f"（{facts.reason}）" if facts.reason else "",
            "reason_en": f" ({facts.reason})" if facts.reason else ""},
            languages.get(person, templates.DEFAULT_LANGUAGE), book)
        link = "/leads" if person == facts.to_user_id else ""
        items.append(InboxItem(id=new_id(), user_id=person, kind=kind, title=said.title,
                               body=said.body, link=link, event_id=facts.key, created_at=now))
    return items
