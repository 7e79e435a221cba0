"""The dead-letter list of notification deliveries (admins): what could not be delivered
after every attempt, with the last error, and retrying one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from salesos.notifications.v1 import notifications_pb2 as pb

from gateway.deps import BearerToken, CurrentUser, ServiceClients, Session
from gateway.export_rows import every_row
from gateway.notification_fields import PAGES, rest_fields
from gateway.notification_protoconv import failed_read, failed_title
from gateway.notification_schemas import FailedDelivery, FailedDeliveryPage
from gateway.org_names import named, user_names
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, Sheet, local, xlsx_download

router = APIRouter(prefix=API_PREFIX, tags=["notifications"])


@router.get("/admin/notifications/failed", response_model=FailedDeliveryPage)
async def failed_deliveries(
    _: CurrentUser, token: BearerToken, clients: ServiceClients, session: Session,
    cursor: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> FailedDeliveryPage:
    """Most recently failed first, the person by name (`recipient_name`, as the export);
    403 for anyone but an admin."""
    with rest_fields(PAGES):
        reply = await clients.call_notifications(
            "ListFailedDeliveries", pb.ListFailedDeliveriesRequest(page_size=limit,
                                                                   page_token=cursor),
            user_token=token)
    people = await user_names(session, {d.recipient for d in reply.deliveries})
    return FailedDeliveryPage(items=[failed_read(d, people) for d in reply.deliveries],
                              next_cursor=reply.next_page_token or None)


@router.post("/admin/notifications/failed/{delivery_id}/retry", response_model=FailedDelivery)
async def retry_delivery(
    delivery_id: str, _: CurrentUser, token: BearerToken, clients: ServiceClients,
    session: Session, idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> FailedDelivery:
    """Due again at once with a fresh set of attempts, to the recipient's current address;
    409 when it is not failed (a second retry of the same delivery)."""
    reply = await clients.call_notifications(
        "RetryDelivery", pb.RetryDeliveryRequest(delivery_id=delivery_id), user_token=token)
    return failed_read(reply, await user_names(session, [reply.recipient]))


FAILED_HEADERS = ["投递ID", "事件ID", "接收人", "渠道", "类型", "标题", "尝试次数", "最后错误",
                  "创建时间", "失败时间"]


@router.get("/admin/notifications/failed/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_failed(_: CurrentUser, token: BearerToken, clients: ServiceClients,
                        session: Session) -> StreamingResponse:
    """Every dead-lettered delivery as .xlsx (times in Asia/Shanghai), the recipient by
    name when it is a person in the directory; admins only."""
    async def page(cursor: str) -> tuple[Sequence[pb.Delivery], str]:
        reply = await clients.call_notifications(
            "ListFailedDeliveries", pb.ListFailedDeliveriesRequest(page_size=100,
                                                                   page_token=cursor),
            user_token=token)
        return reply.deliveries, reply.next_page_token

    # The list has no filter to narrow it by, so every failed delivery, uncapped (it is
    # what an admin works through after an outage).
    failed = await every_row(page, noun="投递失败记录", narrow="", cap=None)
    people = await user_names(session, {d.recipient for d in failed})

    def build() -> Sheet:
        sheet = Sheet("投递失败", FAILED_HEADERS)
        for d in failed:
            sheet.append([d.id, d.event_id, named(people, d.recipient), d.channel, d.kind,
                          failed_title(d.kind, d.title), d.attempts, d.last_error,
                          local(d.created_at), local(d.updated_at)])
        return sheet

    return await xlsx_download(build, "failed-notifications", "投递失败")
