"""leads.import_finished -> the import's owners' and uploader's items (domain/import_notices);
and the silence of the import's own leads.assigned / leads.touched, which it stands for.

An import's summary may come again: the leads assigner placed leads its batches could not
(the org directory was down, another job raced a batch) after it finished, and published
it with the counts as they then are. Each person's item is keyed by the import, and their
counts are kept (import_summary_repo): a person whose counts grew has their item rewritten
(rewritten.py), everyone else hears nothing more — the uploader's outcome does not change.
"""

from __future__ import annotations

from datetime import UTC, datetime

import uuid6
from google.protobuf.message import Message
from opentelemetry import trace
from salesos.events.v1 import leads_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.uow import UnitOfWork

from notifications.adapters import import_summary_repo
from notifications.domain.import_notices import ImportFacts, import_items
from notifications.service_layer.drafts import Draft
from notifications.service_layer.fan_out import Outgoing, voice
from notifications.service_layer.rewritten import store_or_rewrite

SUBJECT = "leads.import_finished"
# An imported lead's assignment or returning customer: told in the import's summary.
SILENT = Draft(people=(), render=lambda everyone, book: [])


def facts_of(payload: Message) -> ImportFacts:
    if not isinstance(payload, leads_pb2.LeadImportFinished):
        raise TypeError(f"{SUBJECT}: unexpected {payload.DESCRIPTOR.full_name}")
    return ImportFacts(
        import_id=payload.import_id, file_name=payload.file_name,
        started_by=payload.started_by, state=payload.state, error=payload.error,
        counts={"total": payload.rows_total, "created": payload.created,
                "merged": payload.merged, "failed": payload.failed,
                "unassigned": payload.unassigned, "warned": payload.warned},
        owners=tuple((o.owner_id, o.assigned, o.returned) for o in payload.owners),
        error_code=payload.error_code.code if payload.HasField("error_code") else "")


async def on_import_finished(uow: UnitOfWork, envelope: Envelope, payload: Message, *,
                             cause: trace.Span | None = None, now: datetime | None = None
                             ) -> int:
    """Stores or rewrites the items of the people this summary is news to; how many
    items were new."""
    facts, now = facts_of(payload), now or datetime.now(UTC)
    fresh = await import_summary_repo.record(uow.session, facts.key, facts.counts_by_person())
    if not fresh:
        return 0
    everyone, book = await voice(uow, fresh)
    items = [item for item in import_items(
        facts, event_id=facts.key, now=now, book=book,
        languages={p: everyone[p].language for p in fresh}, new_id=lambda: str(uuid6.uuid7()))
        if item.user_id in set(fresh)]
    return await store_or_rewrite(uow, [Outgoing(item, everyone[item.user_id], cause=cause)
                                        for item in items], cause=cause, now=now)
