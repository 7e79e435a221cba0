"""A rep's laptop slept while the assigner placed more of an import's leads: the import's
summary in their inbox grew in place, under its old id. When the page's EventSource
comes back with Last-Event-ID it must get the grown summary (once, in the order it
changed), not keep the old count until someone reloads the inbox. A client that still
holds a plain item id as its last event id is replayed to as before."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import asyncpg
import httpx
import pytest
from salesos.events.v1 import leads_pb2
from uuid6 import uuid7

from tests.e2e.helpers import login
from tests.e2e.test_notifications import (
    GATE,
    STREAM,
    _listed,
    _until_titled,
    blocked,
    me,
    publish,
    sse_events,
)

pytestmark = pytest.mark.e2e
Owner = leads_pb2.LeadImportFinished.Owner


def _summary(import_id: str, file_name: str, uploader: str, rep_id: str, assigned: int
             ) -> leads_pb2.LeadImportFinished:
    """The import's summary as leads publishes it again: same import, same uploader."""
    return leads_pb2.LeadImportFinished(
        import_id=import_id, file_name=file_name, started_by=uploader, state="done",
        rows_total=assigned, created=assigned, owners=[Owner(owner_id=rep_id, assigned=assigned)])


async def _replayed(http: httpx.AsyncClient, headers: dict[str, str], until: str
                    ) -> list[dict[str, Any]]:
    """(event id, item) of each notification a reconnecting stream sends up to `until`."""
    async with http.stream("GET", STREAM, headers=headers) as response:
        assert response.status_code == 200
        async with asyncio.timeout(30):
            return [{"id": e["id"], "item": json.loads(e["data"])}
                    async for e in _until_titled(sse_events(response), until)]


async def _grown(http: httpx.AsyncClient, headers: dict[str, str], item_id: str,
                 old_body: str) -> dict[str, Any]:
    """The inbox's item once its body is no longer `old_body`."""
    found = None
    try:
        async with asyncio.timeout(30):
            while True:
                items = (await http.get("/api/v1/notifications", headers=headers)).json()
                found = next((i for i in items["items"] if i["id"] == item_id), None)
                if found and found["body"] != old_body:
                    return found
                await asyncio.sleep(0.2)
    except TimeoutError:
        raise AssertionError(f"item {item_id} did not grow within 30 s: {found}") from None


async def test_a_summary_that_grew_while_the_stream_was_closed_comes_on_reconnect_once(
        stack: Any) -> None:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=60) as http:
        rep = await asyncio.to_thread(_login, stack, "rep05")
        rep_id, tag = await asyncio.to_thread(_me, stack, rep), uuid.uuid4().hex[:6]
        import_id, file_name = str(uuid.uuid4()), f"展会名单-{tag}.xlsx"
        uploader = str(uuid.uuid4())
        async with http.stream("GET", STREAM, headers=rep) as response:
            events = sse_events(response)
            assert (await anext(events)).get("comment") == "connected"
            await publish(stack, _summary(import_id, file_name, uploader, rep_id, 1),
                          "leads.import_finished")
            async with asyncio.timeout(30):
                last = [e async for e in _until_titled(events, file_name)][-1]
        first = json.loads(last["data"])  # the laptop sleeps here
        # What was pushed is the item the inbox holds (and later rewrites), nothing else's
        assert (await _listed(http, rep, file_name))["id"] == first["id"]

        await publish(stack, _summary(import_id, file_name, uploader, rep_id, 3),
                      "leads.import_finished")
        grown = await _grown(http, rep, first["id"], first["body"])
        after = f"醒来前 {tag}"
        await publish(stack, blocked(rep_id, after), GATE)
        await _listed(http, rep, after)

        replayed = await _replayed(http, rep | {"Last-Event-ID": last["id"]}, after)
        mine = [r for r in replayed if tag in r["item"]["title"]]
        assert [r["item"]["id"] for r in mine] == [first["id"], mine[-1]["item"]["id"]]
        assert mine[0]["item"]["body"] == grown["body"] != first["body"]
        assert mine[0]["id"] != last["id"]  # a newer version: its id moves the client on

        # Reconnecting from there brings nothing new of either: changed within the commit
        # lag before the last event, they may come again, but as the same events.
        marker = f"再次重连 {tag}"
        await publish(stack, blocked(rep_id, marker), GATE)
        again = await _replayed(http, rep | {"Last-Event-ID": mine[-1]["id"]}, marker)
        assert {r["id"] for r in again if tag in r["item"]["title"]} <= {
            mine[0]["id"], mine[-1]["id"], again[-1]["id"]}
        assert marker in again[-1]["item"]["title"]

        # An old client's plain item id: the items stored after it, as before.
        plain = await _replayed(http, rep | {"Last-Event-ID": first["id"]}, marker)
        titles = [r["item"]["title"] for r in plain if tag in r["item"]["title"]]
        assert len(titles) == 2 and after in titles[0] and marker in titles[1]


async def test_a_notice_committed_after_the_last_event_seen_comes_on_reconnect(
        stack: Any) -> None:
    """Notices are stored side by side: one takes its version, and its transaction
    commits only after a later notice (a higher version) has reached the rep's stream and
    the rep's laptop has slept. On reconnect the late one must come, though its version
    is below the last event's."""
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=60) as http:
        rep = await asyncio.to_thread(_login, stack, "rep05")
        rep_id, tag = await asyncio.to_thread(_me, stack, rep), uuid.uuid4().hex[:6]
        late_title, seen_title, after = (f"{word} {tag}" for word in ("晚提交", "已看到", "醒来前"))
        conn = await asyncpg.connect(stack.database_url.replace("postgresql+asyncpg",
                                                                "postgresql"))
        try:
            slow = conn.transaction()
            await slow.start()
            late_id, late_version = await _store_uncommitted(conn, rep_id, late_title)
            async with http.stream("GET", STREAM, headers=rep) as response:
                events = sse_events(response)
                assert (await anext(events)).get("comment") == "connected"
                await publish(stack, blocked(rep_id, seen_title), GATE)
                async with asyncio.timeout(30):
                    last = [e async for e in _until_titled(events, seen_title)][-1]
            assert int(last["id"].split(".")[0]) > late_version  # the laptop sleeps here
            await slow.commit()
        finally:
            await conn.close()
        await publish(stack, blocked(rep_id, after), GATE)
        await _listed(http, rep, after)

        replayed = await _replayed(http, rep | {"Last-Event-ID": last["id"]}, after)
        ids = {r["item"]["title"]: r["id"] for r in replayed if tag in r["item"]["title"]}
        assert ids[late_title] == f"{late_version}.{late_id}"
        assert ids.get(seen_title, last["id"]) == last["id"]  # if again, the same event
        assert after in replayed[-1]["item"]["title"]


async def _store_uncommitted(conn: asyncpg.Connection, rep_id: str, title: str
                             ) -> tuple[str, int]:
    """An inbox item as the notifications consumer stores one: its version is taken now,
    in the caller's open transaction."""
    item_id = str(uuid7())
    version = await conn.fetchval(
        "INSERT INTO notifications.inbox_items (id, user_id, kind, title, event_id, created_at)"
        " VALUES ($1, $2, 'stage_gate_blocked', $3, $4, now()) RETURNING version",
        uuid.UUID(item_id), rep_id, title, str(uuid7()))
    return item_id, int(version)


def _login(stack: Any, username: str) -> dict[str, str]:
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as client:
        return login(client, username)


def _me(stack: Any, headers: dict[str, str]) -> str:
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as client:
        return me(client, headers)
