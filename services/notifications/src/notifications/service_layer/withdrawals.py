"""pipeline.approval_withdrawn → the approvers' items about those steps are withdrawn.

Idempotent twice over: the consumer's inbox skips a redelivered event, and an item is
withdrawn once (`withdrawn_at`). The steps are remembered (`withdrawn_subjects`), so a
request or reminder of one that is handled after its withdrawal (a retry, a batch redone)
stores no item at all (notify.deliver asks `is_withdrawn`)."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.message import Message
from salesos.events.v1 import pipeline_pb2
from servicekit.uow import UnitOfWork

from notifications.adapters import preferences_repo, withdrawn_repo
from notifications.domain.withdrawals import approval_step, withdrawn_text
from notifications.service_layer.fan_out import ITEM_STORED, stored_event

SUBJECT = "pipeline.approval_withdrawn"


async def on_approval_withdrawn(uow: UnitOfWork, payload: Message, *, now: datetime) -> int:
    """Withdraws every open item about the event's steps; how many."""
    if not isinstance(payload, pipeline_pb2.ApprovalWithdrawn):
        raise TypeError(f"{SUBJECT} carries {payload.DESCRIPTOR.full_name}")
    abouts = [approval_step(step_id) for step_id in payload.step_ids if step_id]
    await withdrawn_repo.record(uow.session, abouts, why=payload.why, now=now)
    items = await withdrawn_repo.open_items(uow.session, abouts)
    everyone = await preferences_repo.load_many(uow.session,
                                                list(dict.fromkeys(i.user_id for i in items)))
    for item in items:
        title, body = withdrawn_text(item.title, item.body, why=payload.why,
                                     language=everyone[item.user_id].language)
        changed = await withdrawn_repo.withdraw(uow.session, item, title=title, body=body,
                                                now=now)
        uow.publish(stored_event(changed), type=ITEM_STORED, aggregate_id=changed.user_id)
    return len(items)
