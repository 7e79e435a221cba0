"""The dead-letter list of notification deliveries (admins): what could not be delivered
after every attempt, with the last error, and retrying one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from salesos.notifications.v1 import notifications_pb2 as pb

from gateway.deps import BearerToken, CurrentUser, ServiceClients
from gateway.notification_protoconv import failed_read
from gateway.notification_schemas import FailedDelivery, FailedDeliveryPage
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["notifications"])


@router.get("/admin/notifications/failed", response_model=FailedDeliveryPage)
async def failed_deliveries(
    _: CurrentUser, token: BearerToken, clients: ServiceClients,
    cursor: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> FailedDeliveryPage:
    """Most recently failed first; 403 for anyone but an admin."""
    reply = await clients.call_notifications(
        "ListFailedDeliveries", pb.ListFailedDeliveriesRequest(page_size=limit,
                                                               page_token=cursor),
        user_token=token)
    return FailedDeliveryPage(items=[failed_read(d) for d in reply.deliveries],
                              next_cursor=reply.next_page_token or None)


@router.post("/admin/notifications/failed/{delivery_id}/retry", response_model=FailedDelivery)
async def retry_delivery(
    delivery_id: str, _: CurrentUser, token: BearerToken, clients: ServiceClients,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> FailedDelivery:
    """Due again at once with a fresh set of attempts, to the recipient's current address;
    409 when it is not failed (a second retry of the same delivery)."""
    reply = await clients.call_notifications(
        "RetryDelivery", pb.RetryDeliveryRequest(delivery_id=delivery_id), user_token=token)
    return failed_read(reply)
