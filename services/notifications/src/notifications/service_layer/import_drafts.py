"""leads.import_finished -> the import's owners' and uploader's items (domain/import_notices);
and the silence of the import's own leads.assigned / leads.touched, which it stands for."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import uuid6
from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2

from notifications.domain.import_notices import ImportFacts, import_items
from notifications.domain.model import InboxItem
from notifications.domain.preferences import Preferences
from notifications.domain.templates import Book
from notifications.service_layer.drafts import Draft

# An imported lead's assignment or returning customer: told in the import's summary.
SILENT = Draft(people=(), render=lambda everyone, book: [])


def draft(event_id: str, payload: Message, now: datetime) -> Draft:
    if not isinstance(payload, leads_pb2.LeadImportFinished):
        raise TypeError(f"leads.import_finished: unexpected {payload.DESCRIPTOR.full_name}")
    facts = ImportFacts(
        import_id=payload.import_id, file_name=payload.file_name,
        started_by=payload.started_by, state=payload.state, error=payload.error,
        counts={"total": payload.rows_total, "created": payload.created,
                "merged": payload.merged, "failed": payload.failed},
        owners=tuple((o.owner_id, o.assigned, o.returned) for o in payload.owners))

    def render(everyone: Mapping[str, Preferences], book: Book) -> list[InboxItem]:
        return import_items(facts, event_id=event_id, now=now, book=book,
                            languages={p: everyone[p].language for p in facts.people()},
                            new_id=lambda: str(uuid6.uuid7()))

    return Draft(people=facts.people(), render=render)
