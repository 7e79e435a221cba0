"""leads.import_first_contact_due into one item per person, import and threshold.

The item's event key is the import and threshold (domain/import_clock.py): whatever
brings it (a redelivery, several owners' events for one manager, a later count after
another batch of the import), a newer count rewrites the one item (rewritten.py).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import uuid6
from google.protobuf.message import Message
from opentelemetry import trace
from salesos.events.v1 import leads_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.uow import UnitOfWork

from notifications.adapters import import_clock_repo
from notifications.domain import import_clock
from notifications.domain.import_clock import ImportClockFacts, Share
from notifications.service_layer.fan_out import Outgoing, voice
from notifications.service_layer.rewritten import store_or_rewrite

log = logging.getLogger(__name__)
SUBJECT = import_clock.SUBJECT


def facts_of(payload: Message) -> ImportClockFacts:
    if not isinstance(payload, leads_pb2.LeadImportFirstContactDue):
        raise TypeError(f"{SUBJECT}: unexpected {payload.DESCRIPTOR.full_name}")

    def moment(field: str) -> datetime | None:
        return getattr(payload, field).ToDatetime(tzinfo=UTC) \
            if payload.HasField(field) else None

    return ImportClockFacts(
        import_id=payload.import_id, file_name=payload.file_name, kind=payload.kind,
        share=Share(payload.owner_id, payload.owner_username, payload.leads,
                    moment("first_due_at"), moment("last_due_at"), payload.percent),
        manager_ids=tuple(dict.fromkeys(payload.manager_ids)),
        as_of=moment("as_of") or datetime.now(UTC))


async def on_import_clock(uow: UnitOfWork, envelope: Envelope, payload: Message, *,
                          cause: trace.Span | None = None, now: datetime | None = None
                          ) -> int:
    """Stores or rewrites each recipient's item; how many items were new."""
    facts, now = facts_of(payload), now or datetime.now(UTC)
    if not facts.people():
        log.warning("import %s: overdue leads of %s but no manager to tell",
                    facts.import_id, facts.share.owner_id)
        return 0
    fresh = await import_clock_repo.record(uow.session, facts, facts.people())
    if not fresh:  # an older or repeated count: what it says is already shown
        return 0
    shares = await import_clock_repo.shares(uow.session, facts.key, fresh)
    everyone, book = await voice(uow, fresh)
    items = {person: import_clock.item(facts, person, shares[person],
                                       item_id=str(uuid6.uuid7()), now=now,
                                       language=everyone[person].language, book=book)
             for person in fresh}
    return await store_or_rewrite(uow, [Outgoing(item, everyone[person], facts.overdue, cause)
                                        for person, item in items.items()], cause=cause, now=now)
