"""The live stream's fan-out with a real NATS: every gateway replica sees every stored
item and hands it only to the open streams of its recipient."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import nats
import pytest
from gateway.bus import Bus
from gateway.live_inbox import SUBJECT, LiveInbox
from gateway.main import create_app
from gateway.settings import GatewaySettings
from salesos.events.v1 import notifications_pb2 as events
from servicekit.envelope import new_envelope

from .conftest import login

pytestmark = pytest.mark.integration


async def _publish(nats_url: str, item: events.InboxItemStored, *, times: int = 1) -> None:
    envelope = new_envelope(item, type=SUBJECT, source="notifications",
                            aggregate_id=item.user_id)
    nc = await nats.connect(nats_url)
    try:
        for _ in range(times):  # a relay re-publishing after a crash
            await nc.publish(SUBJECT, envelope.SerializeToString())
        await nc.flush()
    finally:
        await nc.close()


async def test_an_item_rewritten_in_place_is_pushed_again_so_the_page_shows_the_new_count(
        infra: Any) -> None:
    """An import's overdue summary keeps its id and grows its count: each new version
    is a new event, and the rep's open stream must get it (the client replaces the item
    with that id)."""
    bus = Bus(infra.nats_url)
    hub, me = LiveInbox(bus), f"user-{uuid.uuid4()}"
    item_id = str(uuid.uuid4())
    versions = [events.InboxItemStored(item_id=item_id, user_id=me, title=f"{n} 条导入线索超时")
                for n in (3, 5)]
    try:
        async with hub.listen(me) as queue:
            for version in versions:
                await _publish(infra.nats_url, version)
            async with asyncio.timeout(10):
                got = [(await queue.get()).title for _ in versions]
        assert got == ["3 条导入线索超时", "5 条导入线索超时"]
    finally:
        await bus.close()


async def test_every_replica_pushes_the_item_to_its_own_streams_of_that_person_once(
        infra: Any) -> None:
    buses = [Bus(infra.nats_url), Bus(infra.nats_url)]
    replicas = [LiveInbox(bus) for bus in buses]
    me, other = f"user-{uuid.uuid4()}", f"user-{uuid.uuid4()}"
    item = events.InboxItemStored(item_id=str(uuid.uuid4()), user_id=me, title="新报价待财务查看")
    try:
        async with replicas[0].listen(me) as first, replicas[1].listen(me) as second, \
                replicas[1].listen(other) as not_mine:
            await _publish(infra.nats_url, item, times=2)
            # Then a marker for each person: NATS keeps order, so whatever the duplicate
            # did, it would be seen before the marker (no blind waiting for an absence).
            markers = {u: events.InboxItemStored(item_id=str(uuid.uuid4()), user_id=u)
                       for u in (me, other)}
            for marker in markers.values():
                await _publish(infra.nats_url, marker)
            async with asyncio.timeout(10):
                got = [[(await q.get()).item_id for _ in range(2)] for q in (first, second)]
                theirs = (await not_mine.get()).item_id
            assert got == [[item.item_id, markers[me].item_id]] * 2
            assert theirs == markers[other].item_id
    finally:
        for bus in buses:
            await bus.close()


async def test_the_stream_answers_503_with_retry_after_when_nats_is_unreachable(
        settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    cut_off = settings.model_copy(update={"nats_url": "nats://127.0.0.1:1"})  # nobody there
    app = create_app(cut_off, sessions=gateway_sessions)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://gateway") as api:
        token = await login(api, "rep01")
        response = await api.get("/api/v1/notifications/stream",
                                 headers={"Authorization": f"Bearer {token}"})
    await app.state.clients.close()
    await app.state.bus.close()
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.headers["content-type"].startswith("application/problem+json")
