"""The caller's inbox, newest first, cursor-paginated."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from gateway.deps import BearerToken, CurrentUser, ServiceClients
from gateway.protoconv import notification_read
from gateway.routes import API_PREFIX
from gateway.schemas import NotificationPage

router = APIRouter(prefix=API_PREFIX, tags=["notifications"])


@router.get("/notifications", response_model=NotificationPage)
async def list_notifications(
    _: CurrentUser, token: BearerToken, clients: ServiceClients,
    cursor: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> NotificationPage:
    reply = await clients.list_inbox(user_token=token, page_size=limit, page_token=cursor)
    return NotificationPage(items=[notification_read(i) for i in reply.items],
                            next_cursor=reply.next_page_token or None)
