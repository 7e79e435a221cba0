"""A contract approval that stops waiting (the deal sent back, the terms revised, the
contract void) takes the approvers' 「合同待您审批」 and its escalations out of their open
inbox: read, tagged 「【已撤回】」 with why, kept in the history; a message still waiting
for the morning digest is not sent; a decided step's item and other news stay as they are.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import pytest
from notifications.adapters.channels.registry import build_channels
from notifications.adapters.orm import deliveries, inbox_items
from notifications.adapters.preferences_repo import save
from notifications.domain.preferences import Preferences
from notifications.service_layer import notify, withdrawals
from notifications.service_layer.deps import Deps
from notifications.settings import NotifySettings
from salesos.events.v1 import pipeline_pb2
from salesos.notifications.v1 import notifications_pb2 as pb
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .conftest import Running, until
from .test_channels_delivery import as_user, person, rows, stub
from .test_quiet_hours import NIGHT, Clock, NoDirectory
from .test_told_to_others import handled

pytestmark = pytest.mark.integration
ASKED = "合同待您审批：常州精密 ¥1,800,000.00"


def asked(approver: str, step_id: str, *, step: int = 1, contract_id: str = "c1"
          ) -> pipeline_pb2.ApprovalRequested:
    return pipeline_pb2.ApprovalRequested(
        contract_id=contract_id, opportunity_id="o1", step=step, approver_id=approver,
        approver_role="regional_director", amount_fen=180_000_000, account_name="常州精密",
        owner_id="rep1", step_id=step_id)


def withdrawn(*step_ids: str, why: str = "deal_sent_back") -> pipeline_pb2.ApprovalWithdrawn:
    return pipeline_pb2.ApprovalWithdrawn(contract_id="c1", opportunity_id="o1",
                                          step_ids=list(step_ids), why=why, owner_id="rep1",
                                          account_name="常州精密")


async def items(running: Running, user_id: str) -> list[dict[str, object]]:
    return [dict(r) for r in await rows(running, inbox_items, user_id=user_id)]


async def test_the_approvers_item_is_withdrawn_when_the_deal_goes_back_and_stays_in_history(
        running: Running) -> None:
    manager, vp = person(running, "manager"), person(running, "director")
    step1, step2 = str(uuid.uuid4()), str(uuid.uuid4())
    # The manager approved step 1 (their item is done with); the VP's step 2 waits and was
    # reminded; then the rep sends the deal back to 方案设计.
    first = await running.publish(asked(manager, step1), type="pipeline.approval_requested")
    await running.publish(asked(vp, step2, step=2), type="pipeline.approval_requested")
    reminder = await running.publish(pipeline_pb2.ApprovalEscalated(
        contract_id="c1", opportunity_id="o1", step=2, approver_id=vp, escalated_to_id=vp,
        level=1, account_name="常州精密", step_id=step2), type="pipeline.approval_escalated")
    await handled(running, first)
    await handled(running, reminder)
    assert len(await until(lambda: items(running, vp))) == 2
    api = stub(running)
    assert (await api.CountUnread(pb.CountUnreadRequest(), metadata=as_user(vp))).unread == 2

    event = await running.publish(withdrawn(step2), type="pipeline.approval_withdrawn")
    await handled(running, event)
    vps = await items(running, vp)
    assert sorted(str(i["title"]) for i in vps) == [
        "【已撤回】合同审批超时（第 1 级升级）：常州精密", f"【已撤回】{ASKED}"]
    assert all(str(i["body"]).startswith("已撤回：商机已退回，合同退回草稿，待重新提交审批。")
               and i["read_at"] and i["withdrawn_at"] for i in vps)
    assert (await api.CountUnread(pb.CountUnreadRequest(), metadata=as_user(vp))).unread == 0
    listed = await api.ListInbox(pb.ListInboxRequest(), metadata=as_user(vp))
    assert all(i.HasField("withdrawn_at") and i.HasField("read_at") for i in listed.items)
    [kept] = await items(running, manager)
    assert (kept["title"], kept["withdrawn_at"]) == (ASKED, None)

    # a redelivery changes nothing (same version: the live stream is not told again)
    await running.publish(withdrawn(step2), type="pipeline.approval_withdrawn",
                          envelope=event)
    again = await running.publish(withdrawn(step2), type="pipeline.approval_withdrawn")
    await handled(running, again)
    assert {(i["id"], i["version"], i["title"]) for i in await items(running, vp)} == {
        (i["id"], i["version"], i["title"]) for i in vps}


async def test_a_request_for_a_step_already_withdrawn_tells_nobody(running: Running) -> None:
    """The consumer handles the withdrawal first (the request's first try failed and
    came back later): the approver is not asked to decide a contract that is a draft."""
    manager, step = person(running, "manager"), str(uuid.uuid4())
    void = await running.publish(withdrawn(step, why="contract_cancelled"),
                                 type="pipeline.approval_withdrawn")
    await handled(running, void)
    late = await running.publish(asked(manager, step), type="pipeline.approval_requested")
    await handled(running, late)
    assert await items(running, manager) == []


async def test_a_step_that_went_on_to_someone_else_leaves_their_predecessors_inbox(
        running: Running) -> None:
    """mgr-east delegates while away: the step is the delegate's, and mgr-east, who may
    still decide it back early, keeps the item. Back, he ends the delegation: the step is
    his again and the delegate, who can no longer decide it, loses theirs. A handover
    moving a successor's own step to their manager withdraws the successor's."""
    east, delegate, step = person(running, "manager"), person(running, "manager"), \
        str(uuid.uuid4())
    first = await running.publish(asked(east, step), type="pipeline.approval_requested")
    await handled(running, first)
    held = asked(delegate, step)
    held.delegated_from = east
    await handled(running, await running.publish(held, type="pipeline.approval_requested"))
    assert [i["withdrawn_at"] for i in await items(running, east)] == [None]
    back = await running.publish(asked(east, step), type="pipeline.approval_requested")
    await handled(running, back)
    [gone] = await items(running, delegate)
    assert gone["title"] == f"【已撤回】{ASKED}" and gone["read_at"] is not None
    assert str(gone["body"]).startswith("已撤回：该审批步骤已转由他人处理。")
    assert [i["withdrawn_at"] for i in await items(running, east)] == [None, None]

    successor, boss, own = person(running, "manager"), person(running, "director"), \
        str(uuid.uuid4())
    await handled(running, await running.publish(asked(successor, own),
                                                 type="pipeline.approval_requested"))
    moved_up = asked(boss, own)
    moved_up.delegated_from = moved_up.owner_id = successor  # the deal is theirs now
    await handled(running, await running.publish(moved_up, type="pipeline.approval_requested"))
    [theirs] = await items(running, successor)
    assert theirs["withdrawn_at"] is not None
    [asked_boss] = await items(running, boss)
    assert asked_boss["withdrawn_at"] is None


@pytest.fixture
async def tx(db_sessionmaker: Callable[[str], Awaitable[async_sessionmaker[AsyncSession]]]
             ) -> async_sessionmaker[AsyncSession]:
    return await db_sessionmaker("notifications")


async def test_a_message_held_for_the_morning_digest_is_not_sent_once_withdrawn(
        tx: async_sessionmaker[AsyncSession]) -> None:
    approver, step = f"mgr-{uuid.uuid4().hex[:8]}", str(uuid.uuid4())
    deps = Deps(sessions=tx, org=NoDirectory(), clock=Clock(NIGHT),
                channels=build_channels(NotifySettings(demo=True)))
    async with tx() as session:
        await save(session, Preferences(user_id=approver, language="en",
                                        email=f"{approver}@example.cn",
                                        quiet_start="22:00", quiet_end="08:00"), now=NIGHT)
        await session.commit()
    async with UnitOfWork(tx, source="notifications") as uow:
        [notice] = notify.BUILDERS["pipeline.approval_requested"](asked(approver, step))
        await notify.deliver(deps, uow, notice, event_id=str(uuid.uuid4()))
        assert await withdrawals.on_approval_withdrawn(
            uow, withdrawn(step, why="terms_revised"), now=NIGHT) == 1
        await uow.commit()
    async with tx() as session:
        [item] = (await session.execute(inbox_items.select().where(
            inbox_items.c.user_id == approver))).mappings().all()
        [mail] = (await session.execute(deliveries.select().where(
            deliveries.c.recipient == approver))).mappings().all()
    assert item["title"] == "[Withdrawn] Contract awaits your approval: 常州精密 ¥1,800,000.00"
    assert item["body"].startswith("Withdrawn: the contract's terms changed")
    assert mail["state"] == "withdrawn"  # the digest takes held messages only
