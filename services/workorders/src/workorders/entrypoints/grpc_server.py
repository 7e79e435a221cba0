"""WorkOrderService over gRPC: translate requests, call the use cases, translate answers."""

from __future__ import annotations

import grpc
from salesos.workorders.v1 import workorders_pb2 as pb
from salesos.workorders.v1 import workorders_pb2_grpc
from servicekit.auth import current_principal
from servicekit.protos import moment

from workorders.adapters.repository import OrderFilter
from workorders.domain.access import Actor
from workorders.domain.chain import Level
from workorders.domain.creation import NewOrder
from workorders.domain.follow_up import FollowUpAsk
from workorders.service_layer import acting, chains, files, metrics, ordering, reading
from workorders.service_layer.deps import Deps, actor_of
from workorders.service_layer.follow_ups import open_follow_up
from workorders.service_layer.leaver_handover import HandOverRequest, hand_over_work_orders

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["WorkOrderService"].full_name
Ctx = grpc.aio.ServicerContext


def _me() -> Actor:
    return actor_of(current_principal())


class WorkOrderServicer(workorders_pb2_grpc.WorkOrderServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def CreateWorkOrder(self, request: pb.CreateWorkOrderRequest,
                              context: Ctx) -> pb.WorkOrder:
        new = NewOrder(title=request.title, need=request.need,
                       acceptance_standard=request.acceptance_standard,
                       department=request.department,
                       due_at=moment(request, "due_at"),
                       assignee_id=request.assignee_id, opportunity_id=request.opportunity_id)
        order_id = await ordering.create(new, _me(), request.idempotency_key, self._deps)
        return await reading.get(order_id, _me(), self._deps)

    async def OpenFollowUp(self, r: pb.FollowUpRequest, context: Ctx) -> pb.WorkOrder:
        ask = FollowUpAsk(need=r.need, title=r.title, acceptance_standard=r.acceptance_standard,
                          due_at=moment(r, "due_at"))
        order_id = await open_follow_up(r.work_order_id, ask, _me(), r.idempotency_key,
                                        self._deps)
        return await reading.get(order_id, _me(), self._deps)

    async def GetWorkOrder(self, request: pb.GetWorkOrderRequest, context: Ctx) -> pb.WorkOrder:
        return await reading.get(request.work_order_id, _me(), self._deps)

    async def ListWorkOrders(self, request: pb.ListWorkOrdersRequest,
                             context: Ctx) -> pb.ListWorkOrdersResponse:
        flt = OrderFilter(department=request.department, state=request.state,
                          overdue=request.overdue, mine=request.mine,
                          opportunity_id=request.opportunity_id,
                          follow_up_of=request.follow_up_of,
                          requeued_from=request.requeued_from)
        found, cursor = await reading.page(flt, limit=request.page_size,
                                           cursor=request.page_token, actor=_me(),
                                           deps=self._deps)
        return pb.ListWorkOrdersResponse(work_orders=found, next_page_token=cursor)

    async def AssignWorkOrder(self, r: pb.ActRequest, context: Ctx) -> pb.WorkOrder:
        return await acting.assign(r.work_order_id, r.assignee_id, _me(), r.idempotency_key,
                                   self._deps)

    async def AcceptWorkOrder(self, r: pb.ActRequest, context: Ctx) -> pb.WorkOrder:
        return await acting.accept(r.work_order_id, _me(), r.idempotency_key, self._deps)

    async def PostProgress(self, r: pb.ActRequest, context: Ctx) -> pb.WorkOrder:
        return await acting.progress(r.work_order_id, r.text, _me(), r.idempotency_key,
                                     self._deps)

    async def AddComment(self, r: pb.ActRequest, context: Ctx) -> pb.WorkOrder:
        return await acting.comment(r.work_order_id, r.text, _me(), r.idempotency_key,
                                    self._deps)

    async def DeliverWorkOrder(self, r: pb.ActRequest, context: Ctx) -> pb.WorkOrder:
        return await acting.deliver(r.work_order_id, r.text, _me(), r.idempotency_key,
                                    self._deps)

    async def ReviewWorkOrder(self, r: pb.ActRequest, context: Ctx) -> pb.WorkOrder:
        return await acting.review(r.work_order_id, r.accept, r.text, _me(),
                                   r.idempotency_key, self._deps)

    async def CancelWorkOrder(self, r: pb.ActRequest, context: Ctx) -> pb.WorkOrder:
        return await acting.cancel(r.work_order_id, r.text, _me(), r.idempotency_key,
                                   self._deps)

    async def AddAttachment(self, r: pb.AddAttachmentRequest, context: Ctx) -> pb.Attachment:
        return await files.add(r.work_order_id, r.filename, r.content_type, r.content, _me(),
                               self._deps, idempotency_key=r.idempotency_key)

    async def GetAttachment(self, r: pb.GetAttachmentRequest,
                            context: Ctx) -> pb.AttachmentContent:
        return await files.get(r.work_order_id, r.attachment_id, _me(), self._deps)

    async def GetEscalationChain(self, r: pb.GetEscalationChainRequest,
                                 context: Ctx) -> pb.EscalationChain:
        return await chains.get(r.department, self._deps)

    async def PutEscalationChain(self, r: pb.EscalationChain,
                                 context: Ctx) -> pb.EscalationChain:
        levels = [Level(x.level, x.after_hours) for x in r.levels]
        return await chains.put(r.department, r.response_hours, levels, _me(), self._deps)

    async def GetMetrics(self, r: pb.GetMetricsRequest, context: Ctx) -> pb.MetricsResponse:
        return await metrics.report(
            period=r.period, since=moment(r, "since"),
            until=moment(r, "until"), department=r.department,
            actor=_me(), deps=self._deps)

    async def HandOverWorkOrders(self, r: pb.HandOverWorkOrdersRequest,
                                 context: Ctx) -> pb.HandOverWorkOrdersResponse:
        principal = current_principal()
        moved = await hand_over_work_orders(HandOverRequest(
            handover_id=r.handover_id, from_user_id=r.from_user_id,
            from_username=r.from_username, to_user_id=r.to_user_id,
            by_user_id=r.by_user_id or principal.user_id, reason=r.reason,
            leaver_manager_id=r.leaver_manager_id), principal=principal, deps=self._deps)
        return pb.HandOverWorkOrdersResponse(requested=moved.requested,
                                             requeued=moved.requeued,
                                             reassigned=moved.reassigned)
