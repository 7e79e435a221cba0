"""A batch of new leads' owners decided at once: the one assignment logic of the
`leads-assigner` consumer (handlers.assign_leads) and of intake's inline assignment
(intake_inline). Runs inside the caller's transaction (see assigning.py for the steps).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters import rules_repo
from leads.adapters.clients import Region
from leads.domain.assignment import Decision
from leads.domain.model import Lead
from leads.domain.rules import Rule
from leads.domain.teams import shanghai_day
from leads.service_layer.assigning import Plan, Roster, decide, plan_all
from leads.service_layer.turns import Turns


@dataclass
class Decided:
    """A batch's decisions, taken under `turns`' locks at `now`; nothing applied yet."""

    turns: Turns
    now: datetime
    decisions: list[tuple[Plan, Decision]]

    def assign(self) -> None:
        """Each lead takes its decision (the turns taken are still to be written)."""
        for plan, decision in self.decisions:
            plan.lead.assign(decision, region_id=plan.region.id, now=self.now)

    async def apply(self) -> None:
        """Each lead takes its decision; the turns taken are written (one statement)."""
        self.assign()
        await self.turns.save()


async def decide_all(session: AsyncSession, leads: Sequence[Lead], *, org: Roster,
                     regions: Callable[[str], Awaitable[Region]],
                     clock: Callable[[], datetime], rules: Sequence[Rule] | None = None,
                     exclude: Collection[str] = (),
                     region_of: Callable[[Lead], Awaitable[Region]] | None = None) -> Decided:
    """The owners of new leads, in the given order, each exactly as if alone: the rules
    read, every distinct province and pool asked once, the teams and reps the batch may
    go to locked once (`Turns`), then each decided in memory. `rules`: the rules as the
    caller already knows them in this transaction (else they are read). The one assignment logic of
    the assigner (handlers.assign_leads) and of intake's inline assignment. `exclude`: people
    no lead may go to (a leaver whose leads are redistributed). `region_of`: the region of
    a lead already in the system (lead_region.kept_region), instead of its province's."""
    if rules is None:
        rules = await rules_repo.all_rules(session)
    if region_of is not None:
        placed = list(zip(leads, [await region_of(lead) for lead in leads], strict=True))
    else:
        provinces = sorted({lead.province for lead in leads})  # asked at once, not in turn
        found = dict(zip(provinces, await asyncio.gather(*(regions(p) for p in provinces)),
                         strict=True))
        placed = [(lead, found[lead.province]) for lead in leads]
    plans = await plan_all(placed, rules=rules, org=org)
    turns = Turns(session, day=shanghai_day(clock()))
    await turns.lock(team_keys=set().union(*(p.team_keys for p in plans)),
                     user_ids=set().union(*(p.user_ids for p in plans)))
    now = clock()  # after the locks: assigned_at includes any wait for them
    return Decided(turns, now, [(plan, await decide(plan, turns, org=org, now=now,
                                                    exclude=exclude))
                                for plan in plans])
