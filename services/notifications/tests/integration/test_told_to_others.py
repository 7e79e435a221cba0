"""Through the consumers: a won deal reaches the owner's manager, the region's managers and
the directors once each, never the rep who won it; a rep reads nothing about their own
refused stage move or their own manual lead entry."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from notifications.adapters.orm import inbox_items
from salesos.events.v1 import coded_pb2, leads_pb2, pipeline_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.tables import inbox

from .conftest import Running, until
from .test_channels_delivery import blocked, person, rows

pytestmark = pytest.mark.integration


async def titles(running: Running, user_id: str) -> list[str]:
    return [r["title"] for r in await rows(running, inbox_items, user_id=user_id)]


async def handled(running: Running, envelope: Envelope) -> None:
    """Until the consumer has committed the event (its inbox holds the id)."""
    async def seen() -> bool:
        async with running.sessions() as session:
            return bool((await session.execute(sa.select(inbox.c.event_id).where(
                inbox.c.event_id == uuid.UUID(envelope.id)))).first())

    await until(seen)


async def test_a_won_deal_is_told_to_those_above_the_rep_once_and_not_to_the_rep(
        running: Running) -> None:
    region = f"east-{uuid.uuid4().hex[:6]}"
    boss, region_boss = person(running, "manager"), person(running, "manager", managed=(region,))
    director = person(running, "director")
    rep = person(running, manager_id=boss)
    running.org.users[rep].display_name = "唐欣"
    won = pipeline_pb2.DealWon(opportunity_id=str(uuid.uuid4()), owner_id=rep,
                               region_id=region, account_name="恒力液压",
                               amount_fen=36_000_000, cycle_seconds=3 * 86400)
    envelope = await running.publish(won, type="pipeline.deal_won")
    await running.publish(won, type="pipeline.deal_won", envelope=envelope)  # redelivered
    for reader in (boss, region_boss, director):
        assert await until(lambda r=reader: titles(running, r)) == [
            "赢单：恒力液压 ¥360,000.00，销售 唐欣"]
    await handled(running, envelope)
    assert await titles(running, rep) == []


async def test_a_manager_who_clicked_won_is_not_told_and_the_others_read_the_deals_title(
        running: Running) -> None:
    region = f"east-{uuid.uuid4().hex[:6]}"
    boss, director = person(running, "manager", managed=(region,)), person(running, "director")
    rep = person(running, manager_id=boss)
    running.org.users[rep].display_name = "唐欣"
    won = pipeline_pb2.DealWon(opportunity_id=str(uuid.uuid4()), owner_id=rep,
                               region_id=region, account_name="恒力液压", title="二期码垛线",
                               amount_fen=36_000_000, cycle_seconds=3 * 86400, by_user_id=boss)
    envelope = await running.publish(won, type="pipeline.deal_won")
    assert await until(lambda: titles(running, director)) == [
        "赢单：二期码垛线 ¥360,000.00，销售 唐欣"]
    await handled(running, envelope)
    assert await titles(running, boss) == [] and await titles(running, rep) == []


async def test_a_rep_reads_nothing_more_of_a_refused_move_they_were_answered(
        running: Running) -> None:
    rep, boss = person(running), person(running, "manager")
    mine = blocked(rep)
    mine.by_user_id = rep
    envelope = await running.publish(mine, type="pipeline.stage_gate_blocked")
    await handled(running, envelope)
    assert await titles(running, rep) == []
    theirs = blocked(rep, "装配线")
    theirs.by_user_id = boss  # the manager tried: the rep must fill what is missing
    await running.publish(theirs, type="pipeline.stage_gate_blocked")
    assert await until(lambda: titles(running, rep)) == ["商机无法进入「报价」：装配线"]


async def test_a_rep_who_entered_their_own_lead_is_not_told_it_is_theirs(
        running: Running) -> None:
    rep = person(running)
    own = leads_pb2.LeadAssigned(lead_id=str(uuid.uuid4()), owner_id=rep, company="恒力液压",
                                 name="王伟", reason="销售手工录入，归录入人跟进",
                                 reasons=[coded_pb2.Coded(code="self_entered")])
    await running.publish(own, type="leads.assigned")
    # told nobody, it leaves no trace to wait for: the next event, behind it in the
    # stream, shows it has been through the consumer
    placed = leads_pb2.LeadAssigned(lead_id=str(uuid.uuid4()), owner_id=rep, company="苏州精工",
                                    name="李娜", reason="华东区轮流分配")
    await running.publish(placed, type="leads.assigned")
    assert await until(lambda: titles(running, rep)) == ["新线索已分配给您：苏州精工 李娜"]
