"""leads.handed_over, pipeline.opportunities_handed_over and workorders.handed_over (one
per order and part) -> the successor's one item and the leaver's manager's line
(domain/handover_notices.py), rewritten as more batches' counts arrive (rewritten.py:
unread again, no second e-mail or robot message). People read as the org directory names
them (唐欣, not rep21) when the caller gives it."""

from __future__ import annotations

from datetime import UTC, datetime

import uuid6
from google.protobuf.message import Message
from opentelemetry import trace
from salesos.events.v1 import leads_pb2, pipeline_pb2, workorders_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.uow import UnitOfWork

from notifications.adapters import handover_repo
from notifications.domain.handover_notices import (
    QUEUE,
    RULES,
    UNPLACED,
    HandoverFacts,
    handover_items,
)
from notifications.service_layer.deps import Directory
from notifications.service_layer.fan_out import Outgoing, voice
from notifications.service_layer.rewritten import store_or_rewrite

LEADS_SUBJECT, PIPELINE_SUBJECT = "leads.handed_over", "pipeline.opportunities_handed_over"
WORKORDERS_SUBJECT = "workorders.handed_over"
SUBJECTS = (LEADS_SUBJECT, PIPELINE_SUBJECT, WORKORDERS_SUBJECT)


def facts_of(envelope: Envelope, payload: Message) -> HandoverFacts:
    unplaced, order_id = RULES, ""
    if envelope.type == LEADS_SUBJECT and isinstance(payload, leads_pb2.LeadsHandedOver):
        counts = payload.count, 0, 0
    elif envelope.type == PIPELINE_SUBJECT \
            and isinstance(payload, pipeline_pb2.OpportunitiesHandedOver):
        counts = 0, payload.count, 0
    elif envelope.type == WORKORDERS_SUBJECT \
            and isinstance(payload, workorders_pb2.WorkOrderHandedOver):
        # one order; without a successor it went back to its department's queue
        counts, unplaced, order_id = (0, 0, 1), QUEUE, payload.ref.work_order_id
    else:  # a publisher bug: retried, then dead-lettered
        raise TypeError(f"{envelope.id}: {envelope.type} carries {payload.DESCRIPTOR.full_name}")
    return HandoverFacts(
        handover_id=payload.handover_id, from_user_id=payload.from_user_id,
        from_username=payload.from_username,
        to_user_id=payload.to_user_id, to_username=payload.to_username,
        manager_id=payload.leaver_manager_id, reason=payload.reason, leads=counts[0],
        opportunities=counts[1], workorders=counts[2], unplaced=unplaced,
        order_id=order_id)


async def on_handed_over(uow: UnitOfWork, envelope: Envelope, payload: Message, *,
                         cause: trace.Span | None = None, now: datetime | None = None,
                         org: Directory | None = None) -> int:
    """Adds the batch's count and stores or rewrites each person's item; how many were new.
    Without `org` the texts show the event's usernames."""
    facts, now = facts_of(envelope, payload), now or datetime.now(UTC)
    if not any(facts.counts):
        return 0
    rows = facts.rows()
    await handover_repo.lock(uow.session, [f"{facts.leaver}:{person}" for _, person in rows])
    touched = await handover_repo.add(uow.session, rows, event_id=envelope.id,
                                      leads=facts.leads, opportunities=facts.opportunities,
                                      workorders=facts.workorders)
    if not touched:  # this summary was counted before
        return 0
    people = sorted({person for _, person in touched})
    counts = await handover_repo.counts(uow.session, prefix=f"{facts.leaver}:", people=people)
    names = await _names(org, facts, counts)
    everyone, book = await voice(uow, people)
    items = handover_items(facts, touched, counts, names=names,
                           languages={p: everyone[p].language for p in people},
                           now=now, new_id=lambda: str(uuid6.uuid7()), book=book)
    return await store_or_rewrite(uow, [Outgoing(item, everyone[item.user_id], cause=cause)
                                        for item in items], cause=cause, now=now)


async def _names(org: Directory | None, facts: HandoverFacts,
                 counts: dict[str, dict[str, tuple[int, int, int]]]) -> dict[str, str]:
    """The display names of the leaver, the successors and the manager's receivers; the
    event's usernames without a directory."""
    if org is None:
        return {facts.from_user_id: facts.from_username, facts.to_user_id: facts.to_username}
    ids = {facts.from_user_id, facts.to_user_id} | set(counts)
    ids |= {k.removeprefix(facts.told_prefix) for theirs in counts.values() for k in theirs
            if k.startswith(facts.told_prefix)}
    ids -= {"", *UNPLACED}
    return {uid: await org.display_name(uid) for uid in sorted(ids)}
