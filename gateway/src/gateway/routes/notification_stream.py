"""`GET /api/v1/notifications/stream`: Server-Sent Events, one `notification` event per
new inbox item of the caller, as it is stored (see gateway/live_inbox.py for how items
reach every replica). Browsers' EventSource cannot send headers, so the token may come
as `?access_token=` too."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.sse import EventSourceResponse, ServerSentEvent
from servicekit.auth import InvalidToken, Principal, decode_token

from gateway.deps import Settings, _bearer
from gateway.live_inbox import LiveInbox
from gateway.problems import Problem
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["notifications"])


async def _stream_user(
    settings: Settings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    access_token: Annotated[str, Query(max_length=4000)] = "",
) -> Principal:
    token = credentials.credentials if credentials else access_token
    if not token:
        raise Problem(401, "unauthorized", detail="缺少 Bearer 令牌",
                      headers={"WWW-Authenticate": "Bearer"})
    try:
        principal = decode_token(token, settings.jwt_secret.get_secret_value())
    except InvalidToken as error:
        raise Problem(401, "unauthorized", detail="令牌无效或已过期") from error
    if principal.role == "service":
        raise Problem(401, "unauthorized", detail="此接口需要用户令牌")
    return principal


def _hub(request: Request) -> LiveInbox:
    state = request.app.state
    if getattr(state, "live_inbox", None) is None:  # made on first use
        state.live_inbox = LiveInbox(state.settings.nats_url)
    return state.live_inbox


@router.get("/notifications/stream", response_class=EventSourceResponse)
async def notification_stream(
    request: Request, user: Annotated[Principal, Depends(_stream_user)],
) -> AsyncIterator[ServerSentEvent]:
    """`event: notification`, `id:` the item id, `data:` the item as in
    `GET /notifications`. Keep-alive comments every few seconds."""
    async with _hub(request).listen(user.user_id) as queue:
        yield ServerSentEvent(comment="connected", retry=3000)
        while True:
            item = await queue.get()
            created = item.created_at.ToDatetime().isoformat() + "Z"
            yield ServerSentEvent(event="notification", id=item.item_id, data={
                "id": item.item_id, "kind": item.kind, "title": item.title, "body": item.body,
                "link": item.link, "created_at": created, "read_at": None})
