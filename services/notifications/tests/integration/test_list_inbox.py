"""ListInbox over real gRPC: a person sees only their own inbox, newest first, page by page."""

from __future__ import annotations

import asyncio
import signal
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from notifications.adapters.repository import InboxRepository
from notifications.bootstrap import build_app
from notifications.domain.model import InboxItem
from notifications.settings import NotifySettings
from salesos.notifications.v1 import notifications_pb2 as pb
from salesos.notifications.v1 import notifications_pb2_grpc as pb_grpc
from servicekit.auth import Principal, bearer_metadata, issue_token
from servicekit.devstack import free_port
from servicekit.errors import field_violations
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from uuid6 import uuid7

pytestmark = pytest.mark.integration
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
async def server(infra: Any, notifications_db: str) -> AsyncIterator[tuple[str, str]]:
    """The notifications process's app, in this process; yields (address, jwt secret)."""
    settings = NotifySettings(service_name="notifications", demo=True,
                               database_url=notifications_db, nats_url=infra.nats_url,
                               grpc_port=free_port(), metrics_port=0)
    # Its own durables: the stack's notifications process may be consuming beside it.
    app = build_app(settings, durable_prefix=f"notifications-it-{uuid.uuid4().hex[:6]}")
    task = asyncio.create_task(app.run())
    address = f"127.0.0.1:{settings.grpc_port}"
    await _until_serving(address)
    try:
        yield address, settings.jwt_secret.get_secret_value()
    finally:
        app.stop.set()
        await task
        for sig in (signal.SIGTERM, signal.SIGINT):  # app.run() installed these
            asyncio.get_running_loop().remove_signal_handler(sig)


async def _until_serving(address: str) -> None:
    async with grpc.aio.insecure_channel(address) as channel, asyncio.timeout(15):
        health = health_pb2_grpc.HealthStub(channel)
        request = health_pb2.HealthCheckRequest(service=SERVICE)
        while True:
            try:
                if (await health.Check(request)).status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.aio.AioRpcError:
                await asyncio.sleep(0.1)


SERVICE = "salesos.notifications.v1.NotificationService"


async def _seed(sessions: async_sessionmaker[AsyncSession], user_id: str,
                moments: list[datetime]) -> dict[str, datetime]:
    """Stores one item per moment for `user_id`; returns {item id: created_at}."""
    seeded: dict[str, datetime] = {}
    async with sessions() as session:
        repository = InboxRepository(session)
        for n, moment in enumerate(moments):
            item = InboxItem(id=str(uuid7()), user_id=user_id, kind="lead_assigned",
                             title=f"新线索已分配给您：公司{n} 客户{n}", body="",
                             link=f"/leads/{n}", event_id=str(uuid7()), created_at=moment)
            await repository.add(item)
            seeded[item.id] = moment
        await session.commit()
    return seeded


async def _list(server: tuple[str, str], user_id: str, **request: Any) -> pb.ListInboxResponse:
    address, secret = server
    token = issue_token(Principal(user_id=user_id, username="rep", role="rep"), secret)
    async with grpc.aio.insecure_channel(address) as channel:
        stub = pb_grpc.NotificationServiceStub(channel)
        return await stub.ListInbox(pb.ListInboxRequest(**request),
                                    metadata=bearer_metadata(token))


def _user() -> str:
    return f"user-{uuid.uuid4()}"


async def test_rep_sees_only_their_own_items_newest_first(
    server: tuple[str, str], sessions: async_sessionmaker[AsyncSession],
) -> None:
    me, colleague = _user(), _user()
    mine = list(await _seed(sessions, me, [T0 + timedelta(minutes=m) for m in (1, 3, 2)]))
    await _seed(sessions, colleague, [T0 + timedelta(minutes=m) for m in (4, 5)])
    response = await _list(server, me)
    assert [item.id for item in response.items] == [mine[1], mine[2], mine[0]]
    assert {item.user_id for item in response.items} == {me}
    assert response.next_page_token == ""


async def test_paging_walks_every_item_once_in_order(
    server: tuple[str, str], sessions: async_sessionmaker[AsyncSession],
) -> None:
    me = _user()
    # Pairs share a timestamp, so page boundaries fall inside ties: the id breaks them.
    moments = [T0 + timedelta(seconds=n // 2) for n in range(25)]
    seeded = await _seed(sessions, me, moments)
    seen: list[pb.InboxItem] = []
    token, pages = "", 0
    while True:
        response = await _list(server, me, page_size=10, page_token=token)
        seen.extend(response.items)
        pages += 1
        token = response.next_page_token
        if not token:
            break
    assert pages == 3
    newest_first = sorted(seeded, key=lambda i: (seeded[i], uuid.UUID(i)), reverse=True)
    assert [item.id for item in seen] == newest_first


async def test_page_size_defaults_to_twenty(
    server: tuple[str, str], sessions: async_sessionmaker[AsyncSession],
) -> None:
    me = _user()
    await _seed(sessions, me, [T0 + timedelta(seconds=n) for n in range(21)])
    response = await _list(server, me)
    assert len(response.items) == 20 and response.next_page_token


async def test_garbled_page_token_is_refused_naming_the_field(server: tuple[str, str]) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await _list(server, _user(), page_token="not-a-token")
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [field for field, _ in field_violations(caught.value)] == ["page_token"]


async def test_inbox_needs_a_signed_in_caller(server: tuple[str, str]) -> None:
    async with grpc.aio.insecure_channel(server[0]) as channel:
        stub = pb_grpc.NotificationServiceStub(channel)
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub.ListInbox(pb.ListInboxRequest())
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_changes_after_a_version_come_oldest_change_first_with_their_versions(
    server: tuple[str, str], sessions: async_sessionmaker[AsyncSession],
) -> None:
    me = _user()
    seeded = list(await _seed(sessions, me, [T0 + timedelta(minutes=m) for m in (1, 2, 3)]))
    everything = await _list(server, me, changed_after=0)
    assert [item.id for item in everything.items] == seeded
    since = everything.items[0].version
    later = await _list(server, me, changed_after=since, page_size=1)
    assert [item.id for item in later.items] == seeded[1:2]
    assert later.next_page_token == str(later.items[0].version)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await _list(server, me, changed_after=-1)
    assert [field for field, _ in field_violations(caught.value)] == ["changed_after"]


async def test_with_late_changes_the_changes_just_before_the_version_come_again(
    server: tuple[str, str], sessions: async_sessionmaker[AsyncSession],
) -> None:
    """What a reconnecting live stream asks (test_late_commits.py: why)."""
    me = _user()
    seeded = list(await _seed(sessions, me, [T0 + timedelta(minutes=m) for m in (1, 2)]))
    since = (await _list(server, me, changed_after=0)).items[-1].version
    assert list((await _list(server, me, changed_after=since)).items) == []
    late = await _list(server, me, changed_after=since, with_late_changes=True)
    assert [item.id for item in late.items] == seeded
    assert late.items[-1].version == since
