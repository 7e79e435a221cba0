"""Inbox items of the leads service's first-contact clock: reminders to the owner, and the
escalation to the region's managers. Recipients come in the event itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from notifications.domain import templates
from notifications.domain.model import InboxItem
from notifications.domain.notices import local_time

REMINDER, OVERDUE = "first_contact_reminder", "first_contact_overdue"
_OUTCOME = {
    "zh-CN": ("线索已改派给 {to}。", "线索仍由其负责，请跟进。"),
    "en": ("The lead was reassigned to {to}.", "The lead stays with them; please follow up."),
}


@dataclass(frozen=True)
class ClockFacts:
    lead_id: str
    company: str
    name: str
    due_at: datetime
    owner_id: str = ""
    owner_username: str = ""
    percent: int = 0
    manager_ids: tuple[str, ...] = ()
    reassigned_to_username: str = ""


def _item(kind: str, user_id: str, params: dict[str, str], facts: ClockFacts, *,
          event_id: str, item_id: str, now: datetime, language: str,
          book: templates.Book | None) -> InboxItem:
    message = templates.render(kind, params, language, book)
    return InboxItem(id=item_id, user_id=user_id, kind=kind, title=message.title,
                     body=message.body, link=f"/leads/{facts.lead_id}", event_id=event_id,
                     created_at=now)


def reminder_item(facts: ClockFacts, *, event_id: str, item_id: str, now: datetime,
                  language: str = templates.DEFAULT_LANGUAGE,
                  book: templates.Book | None = None) -> InboxItem:
    if not facts.owner_id:
        raise ValueError(f"reminder for lead {facts.lead_id} names no owner")
    params = {"company": facts.company, "name": facts.name, "percent": str(facts.percent),
              "due": local_time(facts.due_at)}
    return _item(REMINDER, facts.owner_id, params, facts, event_id=event_id, item_id=item_id,
                 now=now, language=language, book=book)


def overdue_items(facts: ClockFacts, *, event_id: str, item_ids: list[str], now: datetime,
                  language: str = templates.DEFAULT_LANGUAGE,
                  book: templates.Book | None = None) -> list[InboxItem]:
    """One item per manager of the region; none when the region has no manager."""
    moved, stays = _OUTCOME.get(language, _OUTCOME[templates.DEFAULT_LANGUAGE])
    outcome = moved.format(to=facts.reassigned_to_username) if facts.reassigned_to_username \
        else stays
    params = {"company": facts.company, "name": facts.name, "due": local_time(facts.due_at),
              "owner": facts.owner_username or facts.owner_id, "outcome": outcome}
    return [_item(OVERDUE, manager, params, facts, event_id=event_id, item_id=item_id, now=now,
                  language=language, book=book)
            for manager, item_id in zip(facts.manager_ids, item_ids, strict=True)]
