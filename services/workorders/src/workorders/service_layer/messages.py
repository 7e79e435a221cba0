"""Domain → protobuf: the WorkOrder reply and the workorders.* events for the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from salesos.events.v1 import workorders_pb2 as ev
from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork

from workorders.adapters.details import AttachmentRow
from workorders.adapters.links import Link
from workorders.domain import events
from workorders.domain.model import WorkOrder


def summary(order: WorkOrder, now: datetime) -> pb.WorkOrder:
    return pb.WorkOrder(
        id=order.id, title=order.title, need=order.need,
        acceptance_standard=order.acceptance_standard, department=order.department,
        department_name=order.department_name, state=order.state,
        requester_id=order.requester_id, assignee_id=order.assignee_id,
        cc_ids=list(order.cc_ids), opportunity_id=order.opportunity_id,
        region_id=order.region_id, due_at=ts(order.due_at), respond_by=ts(order.respond_by),
        created_at=ts(order.created_at), accepted_at=ts(order.accepted_at),
        delivered_at=ts(order.delivered_at), closed_at=ts(order.closed_at),
        escalation_level=order.escalation_level, automatic=order.automatic,
        overdue=order.overdue(now), cancel_reason=order.cancel_reason,
        rejections=order.rejections, last_progress_at=ts(order.last_progress_at),
        # the id only; reading names the original as far as the reader may see it
        follow_up_of=pb.WorkOrderLink(id=order.follow_up_of) if order.follow_up_of else None)


def link(found: Link) -> pb.WorkOrderLink:
    return pb.WorkOrderLink(id=found.id, title=found.title, state=found.state)


def attachment(row: AttachmentRow) -> pb.Attachment:
    return pb.Attachment(id=row.id, filename=row.filename, content_type=row.content_type,
                         size=row.size, by_user_id=row.by_user_id, at=ts(row.at),
                         sha256=row.sha256)


def detail(order: WorkOrder, now: datetime, log: list[Any], escalations: list[Any],
           files: list[AttachmentRow]) -> pb.WorkOrder:
    reply = summary(order, now)
    for row in log:
        entry = pb.Entry(id=str(row.id), kind=row.kind, by_user_id=row.by_user_id,
                         text=row.text, at=ts(row.at), from_state=row.from_state,
                         to_state=row.to_state)
        {"progress": reply.progress, "comment": reply.comments}.get(
            row.kind, reply.history).append(entry)
    reply.escalations.extend(pb.Escalation(level=e.level, clock=e.clock,
                                           notify_ids=list(e.notify_ids), at=ts(e.at))
                             for e in escalations)
    reply.attachments.extend(attachment(f) for f in files)
    return reply


# The event contract names departments tech | finance | delivery; the org directory (and
# so REST and gRPC) calls 技术部 `engineering`.
EVENT_DEPARTMENT = {"engineering": "tech"}


def ref(order: WorkOrder) -> ev.WorkOrderRef:
    return ev.WorkOrderRef(
        work_order_id=order.id, title=order.title,
        department=EVENT_DEPARTMENT.get(order.department, order.department),
        requester_id=order.requester_id, assignee_id=order.assignee_id,
        cc_ids=list(order.cc_ids), opportunity_id=order.opportunity_id,
        region_id=order.region_id, due_at=ts(order.due_at), state=order.state,
        supervisor_id=order.supervisor_id, department_name=order.department_name)


def _event(order: WorkOrder, event: events.Event) -> tuple[Any, str]:
    r = ref(order)
    match event:
        case events.Created():
            origin = event.follow_up_of
            return ev.WorkOrderCreated(ref=r, need=order.need,
                                       acceptance_standard=order.acceptance_standard,
                                       respond_by=ts(order.respond_by),
                                       automatic=order.automatic,
                                       follow_up_of=ev.FollowUpOf(
                                           work_order_id=origin.work_order_id,
                                           title=origin.title,
                                           assignee_id=origin.assignee_id,
                                           state=origin.state,
                                           requester_id=origin.requester_id)
                                       if origin else None), "created"
        case events.Assigned():
            return ev.WorkOrderAssigned(ref=r, by_user_id=event.by, at=ts(event.at),
                                        respond_by=ts(order.respond_by),
                                        previous_assignee_id=event.previous), "assigned"
        case events.Accepted():
            return ev.WorkOrderAccepted(ref=r, accepted_at=ts(event.at),
                                        response_seconds=event.response_seconds,
                                        on_time=event.on_time), "accepted"
        case events.ProgressPosted():
            return ev.WorkOrderProgressPosted(ref=r, by_user_id=event.by, text=event.text,
                                              at=ts(event.at)), "progress_posted"
        case events.Commented():
            return ev.WorkOrderCommented(ref=r, by_user_id=event.by, text=event.text,
                                         at=ts(event.at)), "commented"
        case events.Reminded():
            return ev.WorkOrderReminded(ref=r, reason=event.reason, at=ts(event.at),
                                        notify_ids=list(event.notify_ids),
                                        respond_by=ts(order.respond_by)), "reminded"
        case events.Escalated():
            return ev.WorkOrderEscalated(ref=r, level=event.level, clock=event.clock,
                                         notify_ids=list(event.notify_ids),
                                         at=ts(event.at),
                                         respond_by=ts(order.respond_by)), "escalated"
        case events.Delivered():
            return ev.WorkOrderDelivered(ref=r, delivered_at=ts(event.at),
                                         on_time=event.on_time), "delivered"
        case events.Reviewed():
            return ev.WorkOrderReviewed(ref=r, accepted=event.accepted, reason=event.reason,
                                        first_pass=event.first_pass, at=ts(event.at),
                                        by_user_id=event.by), "reviewed"
        case events.Closed():
            return ev.WorkOrderClosed(ref=r, cancelled=event.cancelled, reason=event.reason,
                                      at=ts(event.at), by_user_id=event.by), \
                "cancelled" if event.cancelled else "closed"
        case events.HandedOver():
            return ev.WorkOrderHandedOver(
                ref=r, handover_id=event.handover_id, part=event.part,
                from_user_id=event.from_user, from_username=event.from_name,
                to_user_id=event.to_user, to_username=event.to_name, by_user_id=event.by,
                reason=event.reason, leaver_manager_id=event.leaver_manager_id,
                at=ts(event.at)), "handed_over"
    raise TypeError(event)  # pragma: no cover


def publish(uow: UnitOfWork, order: WorkOrder) -> None:
    """Stages every event the order raised into the outbox, in the order raised. The ref
    carries the order's state after the whole step."""
    for event in order.events:
        message, name = _event(order, event)
        uow.publish(message, type=f"workorders.{name}", aggregate_id=order.id)
    order.events.clear()
