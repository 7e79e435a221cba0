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
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.security import HTTPAuthorizationCredentials
from fastapi.sse import EventSourceResponse, ServerSentEvent
from salesos.events.v1 import notifications_pb2 as events
from servicekit.auth import Principal
from servicekit.protos import moment

from gateway import inbox_replay
from gateway.deps import ServiceClients, Settings, _bearer
from gateway.inbox_replay import Replayed, event_id
from gateway.live_inbox import BusUnavailable, LiveInbox, Pushed
from gateway.problems import unavailable
from gateway.protoconv import SHANGHAI
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
                            created_at=moment(stored, "created_at", SHANGHAI),
                            read_at=moment(stored, "read_at", SHANGHAI),
                            withdrawn_at=moment(stored, "withdrawn_at", SHANGHAI))


def _event(item: NotificationRead, version: int = 0) -> ServerSentEvent:
    return ServerSentEvent(event="notification", id=event_id(item.id, version),
                           data=item.model_dump(mode="json"))


@dataclass(frozen=True)
class _Subscription:
    queue: asyncio.Queue[Pushed]
    missed: list[Replayed]
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
            missed, complete = await inbox_replay.missed(clients, token, last_event_id) \
                if last_event_id else ([], True)
            yield _Subscription(queue, missed, complete, user,
                                request.app.state.token_cutoffs, settings.token_check_seconds)
    except BusUnavailable as error:  # raised on entering only, before the response
        raise unavailable(settings.retry_after_seconds, "实时通知暂时不可用") from error


@router.get("/notifications/stream", response_class=EventSourceResponse)
async def notification_stream(
    subscription: Annotated[_Subscription, Depends(_subscribed)],
) -> AsyncIterator[ServerSentEvent]:
    """`event: notification`, `id:` `<version>.<item id>`, `data:` the item as in
    `GET /notifications`; keep-alive comments. An item rewritten in place (a summary
    whose count changed) is sent again under its item id with a higher version: the
    client replaces the item it has with that id. A reconnecting EventSource sends
    `Last-Event-ID`: every item created or rewritten since then is sent first, oldest
    change first — up to 1,000; a client further behind first gets `event: reload`
    (refetch `GET /notifications`), then the first 1,000 changes. Changes made up to
    SALESOS_INBOX_CHANGE_LAG_SECONDS (30 s) before the last event come again too: one
    of them may have been committed after it, so the client had not seen it. The ones it
    already has come under the same `<version>.<item id>` as before, so a client keeping
    items by id (replacing one only by a higher version) applies them harmlessly.
    Versions need not arrive in order, live either: a change committed late comes after
    higher ones. A plain item id (as sent before versions) replays the items stored
    after it, as it did. The stream
    ends when the gateway loses its NATS connection; reconnecting is answered 503 with
    Retry-After until NATS is back, then the missed items are replayed. It also ends
    within SALESOS_TOKEN_CHECK_SECONDS of the user's token being retired (deactivated,
    role or regions changed, new password): reconnecting with it is 401. Marking read
    is not streamed (the unread count is the client's own read)."""
    yield ServerSentEvent(comment="connected", retry=3000)
    if not subscription.complete:
        yield ServerSentEvent(event="reload", data={"reason": "too_many_missed"})
    # Listening began before the replay was read: a change may come both ways. Sent
    # once, unless what came live is newer than what was replayed of that item.
    replayed = {r.item.id: r for r in subscription.missed}
    for r in subscription.missed:
        yield _event(r.item, r.version)
    while (stored := await subscription.next_item()) is not None:
        if (before := replayed.pop(stored.item_id, None)) is not None and not _newer(
                stored, before):
            continue
        yield _event(pushed_read(stored), stored.version)


def _newer(stored: events.InboxItemStored, before: Replayed) -> bool:
    if stored.version and before.version:
        return stored.version > before.version
    # From a notifications service without versions: a rewrite changed the text
    return (stored.title, stored.body) != (before.item.title, before.item.body)
