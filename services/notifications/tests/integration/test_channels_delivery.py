"""Events from the other streams reach people on every channel they chose, through a
real SMTP server and a real HTTP receiver, and a failing endpoint loses nothing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from datetime import UTC, datetime

import grpc
import pytest
import sqlalchemy as sa
from notifications.adapters.orm import deliveries, inbox_items
from notifications.adapters.preferences_repo import save
from notifications.domain.preferences import Preferences
from salesos.events.v1 import incentives_pb2, pipeline_pb2
from salesos.notifications.v1 import notifications_pb2 as pb
from salesos.notifications.v1 import notifications_pb2_grpc as pb_grpc
from servicekit.auth import Principal, bearer_metadata, issue_token
from servicekit.settings import DEMO_JWT_SECRET

from .conftest import Running, until

pytestmark = pytest.mark.integration


async def set_prefs(running: Running, prefs: Preferences) -> None:
    async with running.sessions() as session:
        await save(session, prefs, now=datetime.now(UTC))
        await session.commit()


async def rows(running: Running, table: sa.Table, **where: str) -> list[sa.RowMapping]:
    async with running.sessions() as session:
        query = sa.select(table).where(*(table.c[k] == v for k, v in where.items()))
        return list((await session.execute(query)).mappings().all())


def person(running: Running, role: str = "rep", **kwargs: str) -> str:
    return running.org.add(f"{role}-{uuid.uuid4().hex[:8]}", role, **kwargs)


def blocked(owner_id: str, title: str = "三一重工扩产项目") -> pipeline_pb2.StageGateBlocked:
    return pipeline_pb2.StageGateBlocked(opportunity_id=str(uuid.uuid4()), owner_id=owner_id,
                                         to_stage="quote", unmet=["方案已评审"], title=title)


def stub(running: Running) -> pb_grpc.NotificationServiceStub:
    return pb_grpc.NotificationServiceStub(grpc.aio.insecure_channel(running.address))


def as_user(user_id: str, role: str = "rep") -> tuple[tuple[str, str], ...]:
    return bearer_metadata(issue_token(Principal(user_id=user_id, username=user_id, role=role),
                                       DEMO_JWT_SECRET))


async def test_every_finance_user_gets_each_quote_in_the_inbox_and_by_email(
        running: Running) -> None:
    finance = [person(running, "finance") for _ in range(2)]
    issuer = person(running)
    running.org.users[issuer].display_name = "王销售"
    for user in finance:
        await set_prefs(running, Preferences(user_id=user, email=f"{user}@example.cn"))
    quote = pipeline_pb2.QuoteIssued(quote_id="q1", opportunity_id=str(uuid.uuid4()),
                                     version=1, account_name="恒力液压", total_fen=8800000,
                                     issued_by=issuer)
    envelope = await running.publish(quote, type="pipeline.quote_issued")
    for user in finance:
        [mail] = await until(lambda u=user: _mail(running, f"{u}@example.cn"))
        assert mail["Subject"] == "新报价待财务查看：恒力液压 第 1 版 ¥88,000.00"
        assert "报价人 王销售" in mail.get_content()
        assert "http://127.0.0.1:8000/opportunities/" in mail.get_content()
        [item] = await rows(running, inbox_items, user_id=user)
        assert item["event_id"] == envelope.id and item["kind"] == "quote_issued"


async def _mail(running: Running, address: str) -> list[object]:
    return running.mailbox.to(address)


async def test_group_robots_get_their_own_message_formats_and_valid_signatures(
        running: Running) -> None:
    rep = person(running)
    paths = {c: f"/{c}/{uuid.uuid4().hex}" for c in ("wecom", "dingtalk", "feishu")}
    await set_prefs(running, Preferences(
        user_id=rep, wecom_webhook=running.receiver.url(paths["wecom"]) + "?key=k1",
        dingtalk_webhook=running.receiver.url(paths["dingtalk"]) + "?access_token=t1",
        dingtalk_secret="SECdemo", feishu_webhook=running.receiver.url(paths["feishu"]),
        feishu_secret="fsecret"))
    await running.publish(blocked(rep), type="pipeline.stage_gate_blocked")
    for path in paths.values():
        await until(lambda p=path: _got(running, p))
    [wecom] = running.receiver.to(paths["wecom"])
    assert wecom.query["key"] == ["k1"] and wecom.body["msgtype"] == "markdown"
    assert "商机无法进入「报价」" in wecom.body["markdown"]["content"]
    # a path opens nothing in a chat app: the link goes out behind the public address
    assert "](http://127.0.0.1:8000/opportunities/" in wecom.body["markdown"]["content"]
    [ding] = running.receiver.to(paths["dingtalk"])
    stamp = ding.query["timestamp"][0]
    assert abs(int(stamp) / 1000 - time.time()) < 120
    assert ding.query["sign"] == [_b64(b"SECdemo", f"{stamp}\nSECdemo".encode())]
    assert ding.body["msgtype"] == "markdown" and ding.body["markdown"]["title"]
    [feishu] = running.receiver.to(paths["feishu"])
    stamp = feishu.body["timestamp"]
    assert feishu.body["sign"] == _b64(f"{stamp}\nfsecret".encode(), b"")
    assert feishu.body["msg_type"] == "text" and "方案已评审" in feishu.body["content"]["text"]
    assert "\nhttp://127.0.0.1:8000/opportunities/" in feishu.body["content"]["text"]


def _b64(key: bytes, message: bytes) -> str:
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


async def _got(running: Running, path: str) -> list[object]:
    return running.receiver.to(path)


async def test_an_endpoint_answering_500_is_retried_until_it_takes_the_message(
        running: Running) -> None:
    rep = person(running)
    path = f"/wecom/{uuid.uuid4().hex}"
    running.receiver.script[path] = [500, 200]
    await set_prefs(running, Preferences(user_id=rep, wecom_webhook=running.receiver.url(path)))
    await running.publish(blocked(rep), type="pipeline.stage_gate_blocked")

    async def sent() -> sa.RowMapping | None:
        found = await rows(running, deliveries, recipient=rep, channel="wecom")
        return found[0] if found and found[0]["state"] == "sent" else None

    row = await until(sent)
    assert row["attempts"] == 2 and len(running.receiver.to(path)) == 2


async def test_an_endpoint_that_stays_down_is_dead_lettered_and_an_admin_retry_delivers(
        running: Running) -> None:
    rep = person(running)
    path = f"/dingtalk/{uuid.uuid4().hex}"
    running.receiver.script[path] = [500]
    await set_prefs(running, Preferences(user_id=rep, dingtalk_webhook=running.receiver.url(path)))
    await running.publish(blocked(rep), type="pipeline.stage_gate_blocked")
    admin = as_user("admin-1", "admin")

    async def listed() -> pb.Delivery | None:
        page = await stub(running).ListFailedDeliveries(
            pb.ListFailedDeliveriesRequest(page_size=100), metadata=admin)
        return next((d for d in page.deliveries if d.recipient == rep), None)

    failed = await until(listed)
    assert failed.attempts == 3 and failed.last_error.startswith("HTTP 500")
    assert failed.channel == "dingtalk" and failed.kind == "stage_gate_blocked"
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub(running).ListFailedDeliveries(pb.ListFailedDeliveriesRequest(),
                                                 metadata=as_user(rep))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    running.receiver.script[path] = [200]
    retried = await stub(running).RetryDelivery(
        pb.RetryDeliveryRequest(delivery_id=failed.id), metadata=admin)
    assert retried.state == "pending" and retried.attempts == 0

    async def sent() -> bool:
        [row] = await rows(running, deliveries, recipient=rep, channel="dingtalk")
        return row["state"] == "sent"

    await until(sent)
    assert len(running.receiver.to(path)) == 4
    with pytest.raises(grpc.aio.AioRpcError) as again:
        await stub(running).RetryDelivery(pb.RetryDeliveryRequest(delivery_id=failed.id),
                                          metadata=admin)
    assert again.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert again.value.details() == "只能重试已失败的投递（当前状态：已发送）"
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await stub(running).RetryDelivery(pb.RetryDeliveryRequest(
            delivery_id=str(uuid.uuid4())), metadata=admin)
    assert missing.value.details() == "投递记录不存在"  # was English: "delivery … not found"


async def test_a_redelivered_event_notifies_once_per_channel(running: Running) -> None:
    rep = person(running)
    path = f"/feishu/{uuid.uuid4().hex}"
    await set_prefs(running, Preferences(user_id=rep, feishu_webhook=running.receiver.url(path)))
    envelope = await running.publish(blocked(rep), type="pipeline.stage_gate_blocked")
    await running.publish(blocked(rep), type="pipeline.stage_gate_blocked", envelope=envelope)
    await until(lambda: _got(running, path))
    # A second copy would be consumed within this time; there is none to wait for.
    await until(lambda: _settled(running, rep))
    assert len(await rows(running, inbox_items, user_id=rep)) == 1
    assert len(await rows(running, deliveries, recipient=rep)) == 1
    assert len(running.receiver.to(path)) == 1


async def _settled(running: Running, rep: str) -> bool:
    found = await rows(running, deliveries, recipient=rep)
    return bool(found) and all(r["state"] == "sent" for r in found)


async def test_a_survey_goes_to_the_customer_by_sms_and_email_without_an_inbox(
        running: Running) -> None:
    phone, email = "+8613900001111", f"buyer-{uuid.uuid4().hex[:6]}@example.cn"
    survey = incentives_pb2.SurveyIssued(survey_id=str(uuid.uuid4()),
                                         link="https://salesos.example.cn/s/abc",
                                         contact_phone=phone, contact_email=email)
    await running.publish(survey, type="incentives.survey_issued")
    [mail] = await until(lambda: _mail(running, email))
    assert "https://salesos.example.cn/s/abc" in mail.get_content()

    async def texted() -> list[object]:
        return [r for r in running.receiver.to("/sms") if r.body.get("to") == phone]

    [sms] = await until(texted)
    assert "https://salesos.example.cn/s/abc" in sms.body["text"]
    assert sms.headers.get("Authorization") == "Bearer sms-test-token"
    assert await rows(running, inbox_items, user_id=phone) == []


async def test_the_customers_signer_gets_the_signing_code_and_whole_link_by_sms(
        running: Running) -> None:
    phone = f"+86139{uuid.uuid4().int % 10**8:08d}"
    await running.publish(pipeline_pb2.SignatureRequested(
        contract_id=str(uuid.uuid4()), signer_name="李娜", signer_phone=phone, code="604211",
        link_token="tok123", account_name="恒力液压"), type="pipeline.signature_requested")

    async def texted() -> list[object]:
        return [r for r in running.receiver.to("/sms") if r.body.get("to") == phone]

    [sms] = await until(texted)
    assert "604211" in sms.body["text"]
    assert "http://127.0.0.1:8000/sign/tok123" in sms.body["text"]


async def test_an_endpoint_that_refuses_connections_is_retried_then_dead_lettered_with_why(
        running: Running) -> None:
    rep = person(running)
    # Nothing listens on port 1: every attempt is refused.
    await set_prefs(running, Preferences(user_id=rep,
                                         feishu_webhook="http://127.0.0.1:1/open-apis/bot"))
    await running.publish(blocked(rep), type="pipeline.stage_gate_blocked")

    async def dead() -> sa.RowMapping | None:
        found = await rows(running, deliveries, recipient=rep, channel="feishu")
        return found[0] if found and found[0]["state"] == "failed" else None

    row = await until(dead)
    assert row["attempts"] == 3 and row["last_error"].startswith("ConnectError")
    [item] = await rows(running, inbox_items, user_id=rep)  # the inbox has it regardless
    assert item["kind"] == "stage_gate_blocked"
