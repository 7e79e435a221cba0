"""An approver is told of every decision waiting for them, and only while it waits: a
contract step decided by the other person who held it, a quote discount decided by
another approver, revised or lost, takes the others' items out of their open inbox
(「已撤回：… 已由 X 处理」)."""

from __future__ import annotations

import uuid

import pytest
from salesos.events.v1 import pipeline_pb2

from .conftest import Running
from .test_approval_withdrawn import ASKED, asked, items
from .test_channels_delivery import person
from .test_told_to_others import handled

pytestmark = pytest.mark.integration
DISCOUNT = "报价折扣待您审批：恒力液压 第 2 版，折扣 12.00%"


async def test_a_step_decided_by_the_approver_back_early_leaves_the_delegates_inbox(
        running: Running) -> None:
    """mgr-east delegated his step while away; back early, he approves it himself. The
    delegate's 「合同待您审批」 would now be a 409: it is withdrawn naming him, his own item
    stays, and a reminder of the decided step that comes late asks nobody."""
    east, delegate, step = person(running, "manager"), person(running, "manager"), \
        str(uuid.uuid4())
    running.org.users[east].display_name = "王东"
    await handled(running, await running.publish(asked(east, step),
                                                 type="pipeline.approval_requested"))
    held = asked(delegate, step)
    held.delegated_from = east
    await handled(running, await running.publish(held, type="pipeline.approval_requested"))
    assert [i["withdrawn_at"] for i in await items(running, delegate)] == [None]

    decided = await running.publish(pipeline_pb2.ApprovalDecided(
        contract_id="c1", opportunity_id="o1", step=1, approver_id=east, decision="approved",
        owner_id="rep1", account_name="常州精密", step_id=step),
        type="pipeline.approval_decided")
    await handled(running, decided)
    [gone] = await items(running, delegate)
    assert gone["title"] == f"【已撤回】{ASKED}" and gone["read_at"] is not None
    assert str(gone["body"]).startswith("已撤回：该审批步骤已由 王东 处理。")
    assert [i["withdrawn_at"] for i in await items(running, east)] == [None]  # he did it

    late = await running.publish(pipeline_pb2.ApprovalEscalated(
        contract_id="c1", opportunity_id="o1", step=1, approver_id=delegate, level=1,
        account_name="常州精密", step_id=step), type="pipeline.approval_escalated")
    await handled(running, late)
    assert len(await items(running, delegate)) == 1


def discount_asked(quote_id: str, *, region: str, owner: str, role: str = "manager",
                   delegates: tuple[str, ...] = (), reopened: bool = False
                   ) -> pipeline_pb2.DiscountApprovalRequested:
    return pipeline_pb2.DiscountApprovalRequested(
        quote_id=quote_id, opportunity_id="o2", version=2, approval_role=role,
        owner_id=owner, region_id=region, account_name="恒力液压", created_by=owner,
        discount_bp=1_200, total_fen=88_000_000, delegate_ids=list(delegates),
        reopened=reopened)


async def test_a_discount_asks_every_approver_and_the_first_decision_withdraws_the_rest(
        running: Running) -> None:
    region = f"east-{uuid.uuid4().hex[:6]}"
    first, second = (person(running, "manager", managed=(region,)) for _ in range(2))
    delegate = person(running, "manager")  # holds for an away manager of the region
    rep = person(running, manager_id=first)
    running.org.users[first].display_name = "李明"
    quote = str(uuid.uuid4())
    await handled(running, await running.publish(
        discount_asked(quote, region=region, owner=rep, delegates=(delegate,)),
        type="pipeline.discount_approval_requested"))
    for approver in (first, second, delegate):
        [item] = await items(running, approver)
        assert (item["title"], item["link"], item["about"]) == (
            DISCOUNT, f"/quotes/{quote}", f"quote_discount:{quote}")
    assert await items(running, rep) == []  # nobody approves their own discount

    decided = await running.publish(pipeline_pb2.DiscountDecided(
        quote_id=quote, opportunity_id="o2", version=2, decided_by=first,
        decision="approved", owner_id=rep, created_by=rep, account_name="恒力液压"),
        type="pipeline.discount_decided")
    await handled(running, decided)
    for other in (second, delegate):
        [gone] = await items(running, other)
        assert gone["title"] == f"【已撤回】{DISCOUNT}"
        assert str(gone["body"]).startswith("已撤回：该折扣已由 李明 处理。")
    [mine] = await items(running, first)
    assert mine["withdrawn_at"] is None
    [told] = await items(running, rep)
    assert (told["title"], told["body"]) == ("报价折扣已批准：恒力液压 第 2 版",
                                             "李明 已批准该折扣。现在可以发出报价。")


async def test_a_revised_quote_withdraws_its_discount_and_a_reopened_deal_asks_again(
        running: Running) -> None:
    region = f"east-{uuid.uuid4().hex[:6]}"
    manager, rep = person(running, "manager", managed=(region,)), person(running)
    revised, lost = str(uuid.uuid4()), str(uuid.uuid4())
    for quote in (revised, lost):
        await handled(running, await running.publish(
            discount_asked(quote, region=region, owner=rep),
            type="pipeline.discount_approval_requested"))
    for quote, why in ((revised, "quote_revised"), (lost, "deal_lost")):
        await handled(running, await running.publish(pipeline_pb2.DiscountWithdrawn(
            quote_id=quote, opportunity_id="o2", why=why, owner_id=rep,
            account_name="恒力液压"), type="pipeline.discount_withdrawn"))
    bodies = sorted(str(i["body"]).split("。")[0] for i in await items(running, manager))
    assert bodies == ["已撤回：商机已丢单，该折扣无需再审批",
                      "已撤回：报价已有新版本，该折扣无需再审批"]

    # the lost deal is reopened: its draft's discount waits again, and is asked again
    await handled(running, await running.publish(
        discount_asked(lost, region=region, owner=rep, reopened=True),
        type="pipeline.discount_approval_requested"))
    mine = await items(running, manager)
    assert [i["title"] for i in mine if i["withdrawn_at"] is None] == [DISCOUNT]
