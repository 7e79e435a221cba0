"""The caller's inbox: newest first, cursor-paginated, as .xlsx; unread count; mark read."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from salesos.notifications.v1 import notifications_pb2 as pb

from gateway.deps import BearerToken, CurrentUser, ServiceClients
from gateway.list_exports import inbox_sheet
from gateway.notification_fields import PAGES, rest_fields
from gateway.notification_schemas import MarkedRead, UnreadCount
from gateway.protoconv import notification_read
from gateway.routes import API_PREFIX
from gateway.schemas import NotificationPage, NotificationRead
from gateway.spreadsheets import XLSX, xlsx_download

router = APIRouter(prefix=API_PREFIX, tags=["notifications"])
# Marking read is idempotent by state: the same request twice changes nothing more.
IdempotencyKey = Annotated[str | None, Header(max_length=200)]
State = Annotated[Literal["open", "read", "withdrawn"] | None, Query(description=(
    "open: unread and not withdrawn (what still waits for you); read; withdrawn (an "
    "approval that stopped waiting); every item when left out"))]


@router.get("/notifications", response_model=NotificationPage)
async def list_notifications(
    _: CurrentUser, token: BearerToken, clients: ServiceClients,
    cursor: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    state: State = None,
) -> NotificationPage:
    """Newest first. `state` keeps one kind of item (ask the next page with the same
    state); the unread count counts the open ones."""
    with rest_fields(PAGES):
        reply = await clients.list_inbox(user_token=token, page_size=limit, page_token=cursor,
                                         state=state or "")
    return NotificationPage(items=[notification_read(i) for i in reply.items],
                            next_cursor=reply.next_page_token or None)


@router.get("/notifications/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_notifications(_: CurrentUser, token: BearerToken,
                               clients: ServiceClients) -> StreamingResponse:
    """The caller's own inbox, newest first as the list, read or not."""
    with rest_fields(PAGES):
        build = await inbox_sheet(clients, token)
    return await xlsx_download(build, "notifications", "消息")


@router.get("/notifications/unread-count", response_model=UnreadCount)
async def unread_count(_: CurrentUser, token: BearerToken,
                       clients: ServiceClients) -> UnreadCount:
    reply = await clients.call_notifications("CountUnread", pb.CountUnreadRequest(),
                                             user_token=token)
    return UnreadCount(unread=reply.unread)


@router.post("/notifications/read-all", response_model=MarkedRead)
async def read_all(_: CurrentUser, token: BearerToken, clients: ServiceClients,
                   idempotency_key: IdempotencyKey = None) -> MarkedRead:
    reply = await clients.call_notifications("MarkAllRead", pb.MarkAllReadRequest(),
                                             user_token=token)
    return MarkedRead(marked=reply.marked)


@router.post("/notifications/{notification_id}/read", response_model=NotificationRead)
async def read_one(notification_id: str, _: CurrentUser, token: BearerToken,
                   clients: ServiceClients,
                   idempotency_key: IdempotencyKey = None) -> NotificationRead:
    """404 for an item that is not yours."""
    with rest_fields({"item_id": "notification_id"}):
        reply = await clients.call_notifications(
            "MarkRead", pb.MarkReadRequest(item_id=notification_id), user_token=token)
    return notification_read(reply)
