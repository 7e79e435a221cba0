"""Inbox items: what a person sees in the in-app inbox.

One item per (event, recipient): an event redelivered by JetStream must never show up
twice in someone's inbox, which the repository enforces with a unique key as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notifications.domain import coded_texts, templates

LEAD_ASSIGNED = "lead_assigned"
# What a list may ask for: open (unread, not withdrawn: it still asks something of its
# reader), read (read, not withdrawn), withdrawn (whatever it asked no longer waits).
INBOX_STATES = ("open", "read", "withdrawn")


@dataclass(frozen=True)
class InboxItem:
    id: str
    user_id: str
    kind: str
    title: str
    body: str
    link: str
    event_id: str
    created_at: datetime
    read_at: datetime | None = None
    version: int = 0  # the store's change sequence (0: not stored yet)
    about: str = ""   # what it asks its reader to act on (withdrawals.py); "" for news
    withdrawn_at: datetime | None = None  # what it asked for stopped waiting


@dataclass(frozen=True)
class LeadAssignedFacts:
    """What the notifications service needs to know about a lead assignment."""

    lead_id: str
    owner_id: str
    company: str
    name: str
    reason: str
    reasons: Sequence[Any] = ()  # `reason` as codes (proto Coded), worded per language


def lead_assigned_item(
    facts: LeadAssignedFacts,
    *,
    item_id: str,
    event_id: str,
    now: datetime,
    language: str = templates.DEFAULT_LANGUAGE,
    book: templates.Book | None = None,
) -> InboxItem:
    """The owner's inbox item telling them a lead is now theirs."""
    if not facts.owner_id:
        # A publisher bug: refusing lets the consumer retry and then dead-letter it, visibly.
        raise ValueError(f"lead {facts.lead_id} assigned to nobody: no one to notify")
    message = templates.render(
        LEAD_ASSIGNED,
        {
            "company": facts.company,
            "name": facts.name,
            "reason": coded_texts.reason(_reason_text(facts.reason, language), facts.reasons),
        },
        language,
        book,
    )
    return InboxItem(
        id=item_id,
        user_id=facts.owner_id,
        kind=LEAD_ASSIGNED,
        title=message.title,
        body=message.body,
        link=f"/leads/{facts.lead_id}",
        event_id=event_id,
        created_at=now,
    )


_NO_REASON = {"zh-CN": "系统自动分配", "en": "assigned automatically"}


def _reason_text(reason: str, language: str) -> str:
    # The template ends the sentence itself, so a reason that already does would double it.
    text = reason.strip().rstrip("。.")
    return text or _NO_REASON.get(language, _NO_REASON[templates.DEFAULT_LANGUAGE])
