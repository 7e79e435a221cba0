"""Approval items that no longer ask anything of their reader are withdrawn.

pipeline.approval_withdrawn: the round ended before the steps it names were decided;
everyone's items about those steps go. pipeline.approval_requested for a step announced
before (a delegate named, the step handed back to its approver, a handover moving the
successor's own step to their manager): the items of the people who can no longer decide
it go (`handed_on`) — its new holder, and the approver it is held for, keep theirs.
pipeline.approval_decided: the items of whoever else held the decided step go
(`decided_by_other`, naming the decider). Quote discounts alike: pipeline.discount_decided
withdraws the other approvers' items, pipeline.discount_withdrawn everyone's.

Idempotent twice over: the consumer's inbox skips a redelivered event, and an item is
withdrawn once (`withdrawn_at`). Ended steps are remembered (`withdrawn_subjects`), so a
request or reminder of one handled after its withdrawal (a retry, a batch redone) stores
no item at all (notify.deliver asks `is_withdrawn`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from google.protobuf.message import Message
from salesos.events.v1 import pipeline_pb2
from servicekit.uow import UnitOfWork

from notifications.adapters import preferences_repo, withdrawn_repo
from notifications.domain.notices import Notice
from notifications.domain.withdrawals import (
    DECIDED_BY_OTHER,
    DISCOUNT_DECIDED,
    DISCOUNT_HANDED_ON,
    DISCOUNT_WHYS,
    HANDED_ON,
    approval_step,
    quote_discount,
    withdrawn_text,
)
from notifications.service_layer.fan_out import ITEM_STORED, stored_event

SUBJECT = "pipeline.approval_withdrawn"
DISCOUNT_SUBJECT = "pipeline.discount_withdrawn"
# Events that only change earlier items: nobody is told anything new.
ONLY_WITHDRAW = (SUBJECT, DISCOUNT_SUBJECT)


async def on_approval_withdrawn(uow: UnitOfWork, payload: Message, *, now: datetime) -> int:
    """Withdraws every open item about the event's steps; how many."""
    if not isinstance(payload, pipeline_pb2.ApprovalWithdrawn):
        raise TypeError(f"{SUBJECT} carries {payload.DESCRIPTOR.full_name}")
    abouts = [approval_step(step_id) for step_id in payload.step_ids if step_id]
    await withdrawn_repo.record(uow.session, abouts, why=payload.why, now=now)
    return await _withdraw(uow, abouts, why=payload.why, now=now)


async def on_step_announced(uow: UnitOfWork, e: pipeline_pb2.ApprovalRequested, *,
                            now: datetime) -> int:
    """The step now waits for `approver_id` (and the approver it is held for, unless that
    is the deal's owner, recorded by a handover): anyone else's item about it goes."""
    keep = [e.approver_id] + ([e.delegated_from] if e.delegated_from
                              and e.delegated_from != e.owner_id else [])
    return await _withdraw(uow, [approval_step(e.step_id)] if e.step_id else [],
                           why=HANDED_ON, now=now, keep=keep)


async def on_step_decided(uow: UnitOfWork, e: pipeline_pb2.ApprovalDecided, *,
                          now: datetime, by: str) -> int:
    """A decided step no longer waits for whoever else held it (the approver it was
    delegated from, back early, or the delegate): their items go, naming `by` (the
    decider's name); the decider's stay. The step is remembered: a late reminder of it
    stores nothing."""
    abouts = [approval_step(e.step_id)] if e.step_id else []
    await withdrawn_repo.record(uow.session, abouts, why=DECIDED_BY_OTHER, now=now)
    return await _withdraw(uow, abouts, why=DECIDED_BY_OTHER, now=now, keep=[e.approver_id],
                           by=by)


async def on_discount_decided(uow: UnitOfWork, e: pipeline_pb2.DiscountDecided, *,
                              now: datetime, by: str) -> int:
    """A quote's discount decided: the other approvers' items go, naming the decider."""
    abouts = [quote_discount(e.quote_id)] if e.quote_id else []
    await withdrawn_repo.record(uow.session, abouts, why=DISCOUNT_DECIDED, now=now)
    return await _withdraw(uow, abouts, why=DISCOUNT_DECIDED, now=now, keep=[e.decided_by],
                           by=by)


async def on_discount_withdrawn(uow: UnitOfWork, payload: Message, *, now: datetime) -> int:
    """Nobody is to decide the quote's discount (revised, the deal lost), or not now (the
    deal sent back before 方案设计: 「折扣审批暂停」, asked again with `resumed`): every
    approver's item goes, its reminders and escalations too."""
    if not isinstance(payload, pipeline_pb2.DiscountWithdrawn):
        raise TypeError(f"{DISCOUNT_SUBJECT} carries {payload.DESCRIPTOR.full_name}")
    abouts = [quote_discount(payload.quote_id)] if payload.quote_id else []
    why = DISCOUNT_WHYS.get(payload.why, payload.why)
    await withdrawn_repo.record(uow.session, abouts, why=why, now=now)
    return await _withdraw(uow, abouts, why=why, now=now)


async def on_discount_handed_on(uow: UnitOfWork, e: pipeline_pb2.DiscountApprovalRequested,
                                *, now: datetime, keep: Sequence[str]) -> int:
    """The delegates holding a discount changed: the items of whoever is not in `keep` (its
    approvers, the directors, the delegates holding it now) go."""
    abouts = [quote_discount(e.quote_id)] if e.quote_id else []
    return await _withdraw(uow, abouts, why=DISCOUNT_HANDED_ON, now=now, keep=keep)


async def not_yet_asked(uow: UnitOfWork, notice: Notice) -> Notice:
    """The notice for its users who hold no open item about the same thing yet."""
    asked = {i.user_id for i in await withdrawn_repo.open_items(uow.session, [notice.about])}
    return replace(notice, users=tuple(u for u in notice.users if u not in asked))


async def _withdraw(uow: UnitOfWork, abouts: Sequence[str], *, why: str, now: datetime,
                    keep: Sequence[str] = (), by: str = "") -> int:
    items = await withdrawn_repo.open_items(uow.session, abouts, keep=keep)
    everyone = await preferences_repo.load_many(uow.session,
                                                list(dict.fromkeys(i.user_id for i in items)))
    for item in items:
        title, body = withdrawn_text(item.title, item.body, why=why, by=by,
                                     language=everyone[item.user_id].language)
        changed = await withdrawn_repo.withdraw(uow.session, item, title=title, body=body,
                                                now=now)
        uow.publish(stored_event(changed), type=ITEM_STORED, aggregate_id=changed.user_id)
    return len(items)
