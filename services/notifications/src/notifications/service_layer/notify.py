"""Events of the pipeline, work-order and incentives streams, into notifications.

Each event type maps to the notices it means (domain/*_notices.py); each notice is
rendered per recipient in their language and fanned out (fan_out.py)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

import uuid6
from google.protobuf.message import Message
from salesos.events.v1 import incentives_pb2, leads_pb2, pipeline_pb2, workorders_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.uow import UnitOfWork

from notifications.adapters import templates_repo, withdrawn_repo
from notifications.domain import (
    discount_notices,
    incentive_notices,
    lead_notices,
    pipeline_notices,
    templates,
    workorder_handover,
    workorder_notices,
)
from notifications.domain.lead_notices import source_shown
from notifications.domain.model import InboxItem
from notifications.domain.notices import Notice
from notifications.domain.withdrawals import quote_discount
from notifications.service_layer import handover_notices, import_unassignable, withdrawals
from notifications.service_layer.deps import Deps
from notifications.service_layer.fan_out import Outgoing, Send, push, store_items, voice

log = logging.getLogger(__name__)
BUILDERS = (pipeline_notices.BY_TYPE | workorder_notices.BY_TYPE | incentive_notices.BY_TYPE
            | lead_notices.BY_TYPE | workorder_handover.BY_TYPE | discount_notices.BY_TYPE)
# The leads events handled here, one at a time, because they ask the OrgDirectory (whom
# to tell, how people are named); the other leads events are drafted in batches
# (handlers.DRAFTS).
LEAD_SUBJECTS = (*lead_notices.BY_TYPE, handover_notices.LEADS_SUBJECT)
# The payload each type must carry: anything else is a publisher bug, dead-lettered.
PAYLOADS: dict[str, type[Message]] = {
    "leads.unassigned": leads_pb2.LeadUnassignable,
    "pipeline.stage_gate_blocked": pipeline_pb2.StageGateBlocked,
    "pipeline.quote_issued": pipeline_pb2.QuoteIssued,
    "pipeline.approval_requested": pipeline_pb2.ApprovalRequested,
    "pipeline.approval_decided": pipeline_pb2.ApprovalDecided,
    "pipeline.approval_escalated": pipeline_pb2.ApprovalEscalated,
    "pipeline.discount_approval_requested": pipeline_pb2.DiscountApprovalRequested,
    "pipeline.discount_decided": pipeline_pb2.DiscountDecided,
    "pipeline.discount_escalated": pipeline_pb2.DiscountEscalated,
    "pipeline.signature_completed": pipeline_pb2.SignatureCompleted,
    "pipeline.signature_requested": pipeline_pb2.SignatureRequested,
    "pipeline.deal_won": pipeline_pb2.DealWon,
    "pipeline.deal_reopened": pipeline_pb2.DealReopened,
    "workorders.created": workorders_pb2.WorkOrderCreated,
    "workorders.assigned": workorders_pb2.WorkOrderAssigned,
    "workorders.reminded": workorders_pb2.WorkOrderReminded,
    "workorders.escalated": workorders_pb2.WorkOrderEscalated,
    "workorders.delivered": workorders_pb2.WorkOrderDelivered,
    "workorders.accepted": workorders_pb2.WorkOrderAccepted,
    "workorders.progress_posted": workorders_pb2.WorkOrderProgressPosted,
    "workorders.commented": workorders_pb2.WorkOrderCommented,
    "workorders.reviewed": workorders_pb2.WorkOrderReviewed,
    "workorders.cancelled": workorders_pb2.WorkOrderClosed,
    "workorders.handed_over": workorders_pb2.WorkOrderHandedOver,
    "incentives.survey_issued": incentives_pb2.SurveyIssued,
    "incentives.reward_granted": incentives_pb2.RewardGranted,
}


def handler(deps: Deps) -> Callable[[UnitOfWork, Envelope, Message], Awaitable[None]]:
    async def on_event(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
        if envelope.type in handover_notices.SUBJECTS:  # added up, told once, names looked up
            await handover_notices.on_handed_over(uow, envelope, payload, now=deps.clock(),
                                                  org=deps.org)
            # a moved work order may also ask someone to act (workorder_handover.py)
        if envelope.type == withdrawals.SUBJECT:  # no message: earlier items change
            await withdrawals.on_approval_withdrawn(uow, payload, now=deps.clock())
            return
        if envelope.type == withdrawals.DISCOUNT_SUBJECT:
            await withdrawals.on_discount_withdrawn(uow, payload, now=deps.clock())
            return
        build = BUILDERS.get(envelope.type)
        if build is None:
            return  # an event nobody needs to hear about: acked
        if not isinstance(payload, PAYLOADS[envelope.type]):
            raise TypeError(f"{envelope.id}: {envelope.type} carries "
                            f"{payload.DESCRIPTOR.full_name}")
        await _settle(deps, uow, payload)
        if isinstance(payload, leads_pb2.LeadUnassignable) and payload.import_id:
            await import_unassignable.on_unassigned(deps, uow, payload, recipients)
            return  # told in the import's one item per manager, not per lead
        for notice in build(payload):
            if isinstance(payload, pipeline_pb2.DiscountApprovalRequested) \
                    and payload.handed_on:  # only its new holders are asked
                if not (notice := await withdrawals.not_yet_asked(uow, notice)).users:
                    continue
            if isinstance(payload, leads_pb2.LeadUnassignable):  # 来源 as people know it
                shown = source_shown(payload.source, await deps.org.source_name(payload.source))
                notice = replace(notice, params=notice.params | {"source": shown})
            await deliver(deps, uow, notice, event_id=envelope.id)

    return on_event


async def _settle(deps: Deps, uow: UnitOfWork, payload: Message) -> None:
    """What an approval event ends for others: a step now someone else's, a step or a
    discount decided by someone (named in the withdrawn items) — before anyone is told."""
    now = deps.clock()
    if isinstance(payload, pipeline_pb2.ApprovalRequested):
        await withdrawals.on_step_announced(uow, payload, now=now)
    elif isinstance(payload, pipeline_pb2.ApprovalDecided) and payload.step_id:
        await withdrawals.on_step_decided(
            uow, payload, now=now, by=await deps.org.display_name(payload.approver_id))
    elif isinstance(payload, pipeline_pb2.DiscountDecided):
        await withdrawals.on_discount_decided(
            uow, payload, now=now, by=await deps.org.display_name(payload.decided_by))
    elif isinstance(payload, pipeline_pb2.DiscountApprovalRequested) and (
            payload.reopened or payload.resumed):  # asked anew: its items may be stored
        await withdrawn_repo.forget(uow.session, quote_discount(payload.quote_id))
    elif isinstance(payload, pipeline_pb2.DiscountApprovalRequested) and payload.handed_on:
        keep = await recipients(deps, discount_notices.still_deciding(payload))
        await withdrawals.on_discount_handed_on(uow, payload, now=now, keep=keep)


async def recipients(deps: Deps, notice: Notice) -> list[str]:
    found = list(notice.users)
    for role in notice.roles:
        found += await deps.org.users_with_role(role)
    for user_id in notice.managers_of:
        found.append(await deps.org.manager_of(user_id))
    for region_id in notice.region_managers:
        found += (await deps.org.managers_of_region(region_id)
                  or await deps.org.users_with_role("director"))
    return list(dict.fromkeys(u for u in found if u and u not in notice.not_to))


async def deliver(deps: Deps, uow: UnitOfWork, notice: Notice, *, event_id: str) -> None:
    now = deps.clock()
    if notice.addresses:  # a customer: no inbox, straight to their phone or mailbox
        params = notice.params
        if params.get("link", "").startswith("/"):  # customers need the whole address
            params = params | {"link": deps.public_url.rstrip("/") + params["link"]}
        message = templates.render(notice.kind, params, book=await templates_repo.book(uow.session))
        await push(uow, [Send(event_id=event_id, recipient=address, channel=channel,
                              kind=notice.kind, title=message.title, body=message.body,
                              link="", target={"to": address}, urgent=True)
                         for channel, address in notice.addresses.items()], now=now)
        return
    if await withdrawn_repo.is_withdrawn(uow.session, notice.about):
        log.info("%s for event %s: %s was withdrawn before; nobody told", notice.kind,
                 event_id, notice.about)
        return
    if notice.people:  # ids in the text read as names
        names = {p: await deps.org.display_name(uid) for p, uid in notice.people.items()}
        notice = replace(notice, params=notice.params | names)
    users = await recipients(deps, notice)
    if not users:
        log.warning("%s for event %s: nobody to tell", notice.kind, event_id)
    everyone, book = await voice(uow, users)
    outgoing = []
    for user_id in users:
        prefs = everyone[user_id]
        message = templates.render(notice.kind, notice.params, prefs.language, book)
        item = InboxItem(id=str(uuid6.uuid7()), user_id=user_id, kind=notice.kind,
                         title=message.title, body=message.body, link=notice.link,
                         event_id=event_id, created_at=now, about=notice.about)
        outgoing.append(Outgoing(item, prefs, notice.urgent))
    await store_items(uow, outgoing, now=now)
