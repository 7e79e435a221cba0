"""Through the consumer: a reopened deal reaches its owner, the owner's manager and the
region's other managers once each, by the directory's names, and never the manager who
reopened it; a redelivered event tells nobody twice."""

from __future__ import annotations

import uuid

import pytest
from notifications.adapters.orm import inbox_items
from salesos.events.v1 import pipeline_pb2

from .conftest import Running, until
from .test_channels_delivery import person, rows
from .test_told_to_others import handled, titles

pytestmark = pytest.mark.integration

TITLE = "商机已重新打开：二期码垛线，回到报价（客户预算已批复）"


async def test_a_reopened_deal_is_told_to_the_owner_and_managers_not_to_who_reopened_it(
        running: Running) -> None:
    region = f"east-{uuid.uuid4().hex[:6]}"
    boss = person(running, "manager")
    reopener = person(running, "manager", managed=(region,))
    colleague = person(running, "manager", managed=(region,))
    rep = person(running, manager_id=boss)
    running.org.users[rep].display_name = "唐欣"
    running.org.users[reopener].display_name = "王经理"
    reopened = pipeline_pb2.DealReopened(
        opportunity_id=str(uuid.uuid4()), owner_id=rep, region_id=region, to_stage="quote",
        reason="客户预算已批复", by_user_id=reopener, amount_fen=36_000_000,
        lost_reason="价格过高", title="二期码垛线")
    envelope = await running.publish(reopened, type="pipeline.deal_reopened")
    await running.publish(reopened, type="pipeline.deal_reopened", envelope=envelope)
    for reader in (rep, boss, colleague):
        assert await until(lambda r=reader: titles(running, r)) == [TITLE]
    await handled(running, envelope)
    assert await titles(running, reopener) == []
    [body] = [r["body"] for r in await rows(running, inbox_items, user_id=rep)]
    assert body.startswith("王经理 重新打开了这个丢单的商机，负责销售 唐欣")

