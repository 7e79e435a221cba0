"""`GET /api/v1/notifications/stream`: Server-Sent Events, one `notification` event per
new inbox item of the caller, as it is stored (see gateway/live_inbox.py for how items
reach every replica). Browsers' EventSource cannot send headers, so the token may come
as `?access_token=` too.

The stream is only open while this replica is connected to NATS: a new one is 503 with
Retry-After when it is not (never reached, or lost since), and an open one ends when the
connection is lost, so the client comes back with Last-Event-ID and, once NATS is back,
gets what it missed replayed rather than sitting on a stream that no longer receives."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.sse import EventSourceResponse, ServerSentEvent
from salesos.events.v1 import notifications_pb2 as events
from servicekit.auth import Principal
from servicekit.protos import moment

from gateway.clients import Clients
from gateway.deps import ServiceClients, Settings, _bearer
from gateway.live_inbox import BusUnavailable, LiveInbox, Pushed
from gateway.problems import unavailable
from gateway.protoconv import SHANGHAI, notification_read
from gateway.routes import API_PREFIX
from gateway.schemas import NotificationRead
from gateway.token_check import TokenCutoffs, unauthorized, user_from_token

router = APIRouter(prefix=API_PREFIX, tags=["notifications"])


async def _stream_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    access_token: Annotated[str, Query(max_length=4000)] = "",
) -> tuple[Principal, str]:
    token = credentials.credentials if credentials else access_token
    if not token:
        raise unauthorized("缺少 Bearer 令牌")
    return await user_from_token(request.app.state, token), token


def _live_inbox(request: Request) -> LiveInbox:
    return request.app.state.live_inbox  # type: ignore[no-any-return]


def pushed_read(stored: events.InboxItemStored) -> NotificationRead:
    """A pushed item as `GET /notifications` shows it (times at +08:00 there too)."""
    return NotificationRead(id=stored.item_id, kind=stored.kind, title=stored.title,
                            body=stored.body, link=stored.link,
                            created_at=moment(stored, "created_at", SHANGHAI), read_at=None)


def _event(item: NotificationRead) -> ServerSentEvent:
    return ServerSentEvent(event="notification", id=item.id, data=item.model_dump(mode="json"))


# Replayed on reconnect at most; a client further behind is told to reload its inbox.
REPLAY_PAGES, REPLAY_PAGE_SIZE = 10, 100


async def _missed(clients: Clients, token: str, last_event_id: str
                  ) -> tuple[list[NotificationRead], bool]:
    """Items stored after the one the client saw last, in id order (UUIDv7: the order
    they were made in, which the list's `created_at` order can differ from by a few ms
    when events are handled side by side), paging back through the inbox until that one;
    and whether that is all of them (False past REPLAY_PAGES pages)."""
    found, page_token, complete = [], "", False
    for _ in range(REPLAY_PAGES):
        reply = await clients.list_inbox(user_token=token, page_size=REPLAY_PAGE_SIZE,
                                         page_token=page_token)
        newer = [i for i in reply.items if i.id > last_event_id]
        found += newer
        page_token = reply.next_page_token
        if len(newer) < len(reply.items) or not page_token:
            complete = True
            break
    return [notification_read(i) for i in sorted(found, key=attrgetter("id"))], complete


@dataclass(frozen=True)
class _Subscription:
    queue: asyncio.Queue[Pushed]
    missed: list[NotificationRead]
    complete: bool  # False: more was missed than is replayed
    user: Principal
    cutoffs: TokenCutoffs
    check_every: float

    async def next_item(self) -> Pushed | None:
        """The next pushed item; None when the stream must end: NATS lost, or the user's
        token retired meanwhile (deactivated, role or regions changed, new password) —
        an open stream must not outlive the token it was opened with."""
        while True:
            try:
                return await asyncio.wait_for(self.queue.get(), self.check_every)
            except TimeoutError:
                try:
                    if not await self.cutoffs.stands(self.user):
                        return None
                except Exception:  # the check cannot be made: end; reopening answers 503
                    return None


async def _subscribed(
    caller: Annotated[tuple[Principal, str], Depends(_stream_user)],
    hub: Annotated[LiveInbox, Depends(_live_inbox)], clients: ServiceClients, settings: Settings,
    request: Request,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=100)] = None,
) -> AsyncIterator[_Subscription]:
    """Listening first, then reading what was missed, so nothing stored in between is
    lost; both before the response starts, so an inbox that cannot be read (the
    notifications service down) is a 503 with Retry-After, not a 200 stream that ends at
    once. (A browser EventSource closes on any answer but 200, so the page reopens it
    after a while, as it must on any error; fetch-based clients read Retry-After.) The
    listener stays until the stream ends (FastAPI exits a yield dependency after the
    response)."""
    user, token = caller
    try:
        async with hub.listen(user.user_id) as queue:
            missed, complete = await _missed(clients, token, last_event_id) \
                if last_event_id else ([], True)
            yield _Subscription(queue, missed, complete, user,
                                request.app.state.token_cutoffs, settings.token_check_seconds)
    except BusUnavailable as error:  # raised on entering only, before the response
        raise unavailable(settings.retry_after_seconds, "实时通知暂时不可用") from error


@router.get("/notifications/stream", response_class=EventSourceResponse)
async def notification_stream(
    subscription: Annotated[_Subscription, Depends(_subscribed)],
) -> AsyncIterator[ServerSentEvent]:
    """`event: notification`, `id:` the item id, `data:` the item as in
    `GET /notifications`; keep-alive comments. A reconnecting EventSource sends
    `Last-Event-ID`: the items stored since then are sent first — up to 1,000; a client
    further behind first gets `event: reload` (refetch `GET /notifications`), then the
    newest 1,000. An item rewritten in place (a summary whose count changed) is sent
    again under its id: the client replaces the item it has with that id. The stream
    ends when the gateway loses its NATS connection; reconnecting is answered 503 with
    Retry-After until NATS is back, then the missed items are replayed. It also ends
    within SALESOS_TOKEN_CHECK_SECONDS of the user's token being retired (deactivated,
    role or regions changed, new password): reconnecting with it is 401."""
    yield ServerSentEvent(comment="connected", retry=3000)
    if not subscription.complete:
        yield ServerSentEvent(event="reload", data={"reason": "too_many_missed"})
    # Listening began before the replay was read: an item may come both ways. Sent once,
    # unless what came live is a newer version of it (a summary rewritten meanwhile).
    replayed = {item.id: (item.title, item.body) for item in subscription.missed}
    for item in subscription.missed:
        yield _event(item)
    while (stored := await subscription.next_item()) is not None:
        if replayed.pop(stored.item_id, None) == (stored.title, stored.body):
            continue
        yield _event(pushed_read(stored))
