"""leads.import_first_contact_due: an import's leads of one owner passed a first-contact
threshold together. One item per person, import and threshold — the owner's reminder, or
each manager's overdue summary listing every owner of the import in their regions — whose
count a later event of the same import replaces. Pure; no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from notifications.domain import templates
from notifications.domain.model import InboxItem
from notifications.domain.notices import local_time
from notifications.domain.plurals import counted

SUBJECT = "leads.import_first_contact_due"
REMINDER, OVERDUE = "import_first_contact_reminder", "import_first_contact_overdue"


@dataclass(frozen=True)
class Share:
    """What one owner's event says, as stored for a person (import_clock_notices)."""

    owner_id: str
    owner_username: str
    leads: int
    first_due: datetime | None
    last_due: datetime | None
    percent: int = 0


@dataclass(frozen=True)
class ImportClockFacts:
    import_id: str
    file_name: str
    kind: str  # reminder_50 | reminder_90 | overdue
    share: Share
    manager_ids: tuple[str, ...]
    as_of: datetime

    @property
    def overdue(self) -> bool:
        return self.kind == "overdue"

    @property
    def key(self) -> str:
        """The item's event key: one item per (import, threshold) and person, whichever
        event (owner, later count, redelivery) brings it."""
        return f"{SUBJECT}:{self.import_id}:{self.kind}"

    def people(self) -> tuple[str, ...]:
        return self.manager_ids if self.overdue else (self.share.owner_id,)


def item(facts: ImportClockFacts, person: str, shares: Sequence[Share], *, item_id: str,
         now: datetime, language: str = templates.DEFAULT_LANGUAGE,
         book: templates.Book | None = None) -> InboxItem:
    """`person`'s item from every share stored for them (the owner: their own; a manager:
    each owner of the import in their regions)."""
    shares = sorted(shares, key=lambda s: (-s.leads, s.owner_username, s.owner_id))
    firsts = [s.first_due for s in shares if s.first_due]
    lasts = [s.last_due for s in shares if s.last_due]
    kind = OVERDUE if facts.overdue else REMINDER
    leads = sum(s.leads for s in shares)
    message = templates.render(kind, {
        "file": facts.file_name, "count": str(leads), "leads_en": counted(leads, "lead"),
        "percent": str(facts.share.percent), "first_due": local_time(min(firsts, default=None)),
        "last_due": local_time(max(lasts, default=None)),
        "owners": "、".join(f"{s.owner_username or s.owner_id} {s.leads} 条" for s in shares),
        "owners_en": ", ".join(f"{s.owner_username or s.owner_id} ({counted(s.leads, 'lead')})"
                               for s in shares),
    }, language, book)
    return InboxItem(id=item_id, user_id=person, kind=kind, title=message.title,
                     body=message.body, link="/leads", event_id=facts.key, created_at=now)
