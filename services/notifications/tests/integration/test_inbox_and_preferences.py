"""Over real gRPC: unread counts and mark-read of one's own items only; preferences
saved whole, validated field by field."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import grpc
import pytest
from notifications.adapters.preferences_repo import load
from notifications.adapters.repository import InboxRepository
from notifications.domain.model import InboxItem
from salesos.notifications.v1 import notifications_pb2 as pb
from salesos.notifications.v1 import notifications_pb2_grpc as pb_grpc
from servicekit.errors import field_violations
from uuid6 import uuid7

from .conftest import Running
from .test_channels_delivery import as_user

pytestmark = pytest.mark.integration


async def seed(running: Running, user_id: str, count: int) -> list[str]:
    ids = []
    async with running.sessions() as session:
        for n in range(count):
            item = InboxItem(id=str(uuid7()), user_id=user_id, kind="lead_assigned",
                             title=f"新线索 {n}", body="", link="", event_id=str(uuid7()),
                             created_at=datetime.now(UTC))
            await InboxRepository(session).add(item)
            ids.append(item.id)
        await session.commit()
    return ids


def stub(running: Running) -> pb_grpc.NotificationServiceStub:
    return pb_grpc.NotificationServiceStub(grpc.aio.insecure_channel(running.address))


async def test_marking_read_counts_down_and_only_touches_ones_own_items(
        running: Running) -> None:
    me, other = f"rep-{uuid.uuid4().hex}", f"rep-{uuid.uuid4().hex}"
    mine, theirs = await seed(running, me, 3), await seed(running, other, 1)
    api, auth = stub(running), as_user(me)
    assert (await api.CountUnread(pb.CountUnreadRequest(), metadata=auth)).unread == 3
    item = await api.MarkRead(pb.MarkReadRequest(item_id=mine[0]), metadata=auth)
    assert item.HasField("read_at")
    again = await api.MarkRead(pb.MarkReadRequest(item_id=mine[0]), metadata=auth)
    assert again.read_at == item.read_at  # the first read time is kept
    assert (await api.CountUnread(pb.CountUnreadRequest(), metadata=auth)).unread == 2
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await api.MarkRead(pb.MarkReadRequest(item_id=theirs[0]), metadata=auth)
    assert (caught.value.code(), caught.value.details()) == (grpc.StatusCode.NOT_FOUND,
                                                             "通知不存在")  # zh-CN, like all
    assert (await api.MarkAllRead(pb.MarkAllReadRequest(), metadata=auth)).marked == 2
    assert (await api.CountUnread(pb.CountUnreadRequest(), metadata=auth)).unread == 0
    other_count = await api.CountUnread(pb.CountUnreadRequest(), metadata=as_user(other))
    assert other_count.unread == 1


async def test_preferences_default_then_saved_whole_and_read_back(running: Running) -> None:
    api, auth = stub(running), as_user(f"rep-{uuid.uuid4().hex}")
    assert (await api.GetPreferences(pb.GetPreferencesRequest(), metadata=auth)).language == \
        "zh-CN"
    wanted = pb.Preferences(language="en", email="li@example.cn", phone="13812345678",
                            quiet_start="22:00", quiet_end="07:30",
                            choices=[pb.ChannelChoice(kind="quote_issued",
                                                      channels=["inbox", "email"])])
    saved = await api.PutPreferences(wanted, metadata=auth)
    assert saved.phone == "+8613812345678"
    read = await api.GetPreferences(pb.GetPreferencesRequest(), metadata=auth)
    assert read == saved and list(read.choices[0].channels) == ["inbox", "email"]


async def test_a_bad_preference_is_refused_naming_the_field_and_nothing_is_saved(
        running: Running) -> None:
    api, auth = stub(running), as_user(f"rep-{uuid.uuid4().hex}")
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await api.PutPreferences(pb.Preferences(email="li@example.cn", quiet_start="22:00"),
                                 metadata=auth)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(caught.value)] == ["quiet_end"]
    assert (await api.GetPreferences(pb.GetPreferencesRequest(), metadata=auth)).email == ""


async def test_robot_credentials_are_never_read_back_and_survive_a_round_trip(
        running: Running) -> None:
    user = f"rep-{uuid.uuid4().hex}"
    api, auth = stub(running), as_user(user)
    hook = "https://oapi.dingtalk.com/robot/send?access_token=9f8e7d6c5b4a3f2e1d0c"
    saved = await api.PutPreferences(pb.Preferences(
        dingtalk_webhook=hook, dingtalk_secret="SEC0123456789abcdef",
        feishu_webhook="https://open.feishu.cn/open-apis/bot/v2/hook/5c6d7e8f-aaaa-bbbb"),
        metadata=auth)
    assert saved.dingtalk_webhook == "https://oapi.dingtalk.com/****1d0c"
    assert saved.dingtalk_secret == "****cdef"
    assert saved.feishu_webhook == "https://open.feishu.cn/****bbbb"
    read = await api.GetPreferences(pb.GetPreferencesRequest(), metadata=auth)
    assert read == saved and "9f8e7d" not in str(read)
    read.email = "li@example.cn"  # read, change one thing, save the whole document back
    await api.PutPreferences(read, metadata=auth)
    async with running.sessions() as session:  # what deliveries use is intact
        stored = await load(session, user)
    assert (stored.email, stored.dingtalk_webhook, stored.dingtalk_secret) == (
        "li@example.cn", hook, "SEC0123456789abcdef")
    read.dingtalk_secret = "****zzzz"  # masked, but not this secret's mask
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await api.PutPreferences(read, metadata=auth)
    assert [f for f, _ in field_violations(caught.value)] == ["dingtalk_secret"]


async def test_a_save_from_a_stale_read_is_refused_and_the_other_save_stays(
        running: Running) -> None:
    """Li reads her preferences on the web, changes the e-mail on her phone, then saves
    the web page: naming the version the web page read, that save is ABORTED and the
    phone's e-mail stays. A save naming no version replaces the document as before."""
    api, auth = stub(running), as_user(f"rep-{uuid.uuid4().hex}")
    fresh = await api.GetPreferences(pb.GetPreferencesRequest(), metadata=auth)
    assert fresh.version == 0  # never saved

    phone = await api.PutPreferences(pb.Preferences(email="li@example.cn",
                                                    expected_version=0), metadata=auth)
    assert phone.version > 0 and not phone.HasField("expected_version")
    web = await api.GetPreferences(pb.GetPreferencesRequest(), metadata=auth)
    assert web.version == phone.version

    changed = await api.PutPreferences(pb.Preferences(email="li@phone.cn",
                                                      expected_version=web.version),
                                       metadata=auth)
    assert changed.version > web.version
    for stale in (web.version, 0):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await api.PutPreferences(pb.Preferences(language="en", expected_version=stale),
                                     metadata=auth)
        assert caught.value.code() == grpc.StatusCode.ABORTED
        assert "已被修改" in (caught.value.details() or "")
    kept = await api.GetPreferences(pb.GetPreferencesRequest(), metadata=auth)
    assert (kept.email, kept.language, kept.version) == ("li@phone.cn", "zh-CN",
                                                         changed.version)

    blind = await api.PutPreferences(pb.Preferences(language="en"), metadata=auth)
    assert blind.language == "en" and blind.version > changed.version


@pytest.mark.parametrize("saved_before", [False, True], ids=["first save", "a later save"])
async def test_two_saves_from_the_same_read_at_once_one_wins_the_other_is_told(
        running: Running, saved_before: bool) -> None:
    api, auth = stub(running), as_user(f"rep-{uuid.uuid4().hex}")
    if saved_before:
        await api.PutPreferences(pb.Preferences(email="li@example.cn"), metadata=auth)
    read = await api.GetPreferences(pb.GetPreferencesRequest(), metadata=auth)
    answers = await asyncio.gather(*(
        api.PutPreferences(pb.Preferences(email=f"li{n}@example.cn",
                                          expected_version=read.version), metadata=auth)
        for n in range(4)), return_exceptions=True)
    won = [a for a in answers if isinstance(a, pb.Preferences)]
    lost = [a for a in answers if isinstance(a, grpc.aio.AioRpcError)]
    assert len(won) == 1 and len(lost) == 3, answers
    assert {a.code() for a in lost} == {grpc.StatusCode.ABORTED}
    stored = await api.GetPreferences(pb.GetPreferencesRequest(), metadata=auth)
    assert (stored.email, stored.version) == (won[0].email, won[0].version)
