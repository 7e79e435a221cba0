"""The assigner's batch mode (handlers.assign_leads): several leads in one transaction,
each team's and rep's turn locked once, with exactly the outcome of one-by-one."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from typing import Any

import pytest
from leads.domain.commands import AssignLead
from leads.service_layer import handlers, reps
from servicekit.uow import UnitOfWork

from .assignment_helpers import ADMIN, add_rule, event_types, load, new_lead

pytestmark = pytest.mark.integration


async def assign_batch(deps: handlers.Deps, lead_ids: list[str]) -> None:
    """What the leads-assigner consumer does for one fetched batch of leads.created."""
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        await handlers.assign_leads([AssignLead(lead_id=i) for i in lead_ids], uow, deps)
        await uow.commit()


def chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


async def test_weighted_shares_and_caps_hold_exactly_across_concurrent_batches(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    north = double.add_region("华北", ["北京"])
    heavy, light = (double.add_user(north, "rep", u) for u in ("rep08", "rep09"))
    west = double.add_region("西南", ["四川"])
    capped, _free = (double.add_user(west, "rep", u) for u in ("rep10", "rep11"))
    await reps.set_assignment_settings(heavy.id, capacity=2, daily_cap=None,
                                       principal=ADMIN, deps=deps)
    await reps.set_assignment_settings(capped.id, capacity=5, daily_cap=4,
                                       principal=ADMIN, deps=deps)
    await add_rule(deps, name="北京（批量）", region_ids=(north.id,),
                   target_user_ids=(heavy.id, light.id))
    ids = [await new_lead(deps, p) for _ in range(15) for p in ("北京", "四川")]
    # Batches mixing both teams, run at once in opposite orders: no deadlock, exact turns.
    await asyncio.gather(*(assign_batch(deps, batch[::-1] if n % 2 else batch)
                           for n, batch in enumerate(chunks(ids, 7))))
    leads = [await load(deps, i) for i in ids]
    assert Counter(lead.owner_username for lead in leads) == {
        "rep08": 10, "rep09": 5, "rep10": 4, "rep11": 11}
    reasons = sorted(lead.assignment_reason.split("，")[-1].split(" ", 1)[1]
                     for lead in leads if lead.owner_id == capped.id)
    assert reasons == [f"今日第 {n} 条" for n in range(1, 5)]


async def test_a_batch_takes_turns_in_arrival_order_like_one_by_one(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    east = double.add_region("华东", ["江苏"])
    for name in ("rep01", "rep02", "rep03"):
        double.add_user(east, "rep", name)
    ids = [await new_lead(deps) for _ in range(5)]
    await assign_batch(deps, ids[::-1])  # the order of the messages does not matter
    owners = [(await load(deps, i)).owner_username for i in ids]
    assert owners == ["rep01", "rep02", "rep03", "rep01", "rep02"]


async def test_a_batch_leaves_assigned_leads_alone_and_skips_unknown_ids(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double, _ = org
    south = double.add_region("华南", ["广东"])
    double.add_user(south, "rep", "rep05")
    double.add_user(south, "rep", "rep06")
    first = await new_lead(deps, "广东")
    await assign_batch(deps, [first])
    second = await new_lead(deps, "广东")
    await assign_batch(deps, [first, str(uuid.uuid4()), "not-a-uuid", second, second])
    assert [(await load(deps, i)).owner_username for i in (first, second)] == [
        "rep05", "rep06"]
    assert (await event_types(deps, first)).count("leads.assigned") == 1
    assert (await event_types(deps, second)).count("leads.assigned") == 1
