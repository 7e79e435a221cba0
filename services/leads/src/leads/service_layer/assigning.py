"""Choosing a lead's owner: rules first, then the region's team, then its manager.

Runs inside the caller's transaction, in three steps: `plan` asks the (cached)
directory who could take the lead, before anything is locked; `Turns.lock` locks every
team and rep-day row the plan may touch, in the one order all paths use; `decide`
walks the plan in memory. A batch of leads (`deciding.decide_all`: the assigner's
batches and intake's inline assignment) plans them all (`plan_all`), locks the union
once and decides them one after another; `choose` is a batch of one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters import rules_repo
from leads.adapters.clients import Region
from leads.domain.assignment import (
    Candidate,
    Decision,
    chosen,
    region_reason,
    region_why,
    rule_reason,
    rule_why,
    to_manager,
)
from leads.domain.model import Lead
from leads.domain.rules import REGION, LeadFacts, Rule, matching, region_team_key
from leads.domain.teams import shanghai_day
from leads.service_layer.turns import Turns


class Roster(Protocol):
    async def active_reps(self, region_id: str) -> list[Candidate]: ...
    async def reps_among(self, user_ids: Collection[str]) -> list[Candidate]: ...
    async def managers_of(self, region_id: str) -> list[Candidate]: ...


def facts_of(lead: Lead, region_id: str) -> LeadFacts:
    # The score arrives with lead scoring (another branch); until then, and for any lead
    # not scored yet, rules see 0.
    score = getattr(lead, "score", None)
    return LeadFacts(lead.province, region_id, lead.industry, lead.source,
                     score if isinstance(score, int) else None)


@dataclass(frozen=True)
class Plan:
    """Where one lead may go, in order: its matching rules' pools, then its region's team."""

    lead: Lead
    region: Region
    rules: list[tuple[Rule, list[Candidate]]]
    region_reps: list[Candidate]

    @property
    def team_keys(self) -> set[str]:
        keys = {rule.team_key for rule, _ in self.rules if rule.team_key}
        return keys | {region_team_key(self.region.id)}

    @property
    def user_ids(self) -> set[str]:
        pools = [pool for _, pool in self.rules] + [self.region_reps]
        return {c.user_id for pool in pools for c in pool}


async def _members_of(rule: Rule, org: Roster) -> list[Candidate]:
    if rule.target_kind == REGION:
        return await org.active_reps(rule.target_region_id)
    return await org.reps_among(rule.target_user_ids)


async def plan_all(leads: Sequence[tuple[Lead, Region]], *, rules: Sequence[Rule],
                   org: Roster) -> list[Plan]:
    """Every lead's plan. Each distinct pool (a rule's, a region's) is asked for once and
    all of them at once: on a cache miss each is a call to the gateway, and a burst's
    batch asked one after another waited seconds on a busy gateway."""
    matched = [matching(rules, facts_of(lead, region.id)) for lead, region in leads]
    by_rule = {rule.id: rule for found in matched for rule in found}
    region_ids = sorted({region.id for _, region in leads})
    pools = await asyncio.gather(*(_members_of(rule, org) for rule in by_rule.values()),
                                 *(org.active_reps(region_id) for region_id in region_ids))
    of_rule = dict(zip(by_rule, pools[:len(by_rule)], strict=True))
    of_region = dict(zip(region_ids, pools[len(by_rule):], strict=True))
    return [Plan(lead, region, [(rule, of_rule[rule.id]) for rule in found],
                 of_region[region.id]) for (lead, region), found in zip(leads, matched,
                                                                         strict=True)]


async def decide(plan: Plan, turns: Turns, *, org: Roster, now: datetime,
                 exclude: Collection[str] = ()) -> Decision:
    """The first rule whose team has someone available, else the region's team, else its
    manager; takes the turn in `turns`, which must hold the plan's teams and reps."""
    passed: list[Rule] = []
    for rule, pool in plan.rules:
        found = turns.take(team_key=rule.team_key, pool=pool, exclude=exclude, now=now)
        if found is not None:
            owner, nth = found
            return chosen(owner, rule_reason(rule, owner, nth), rule_why(rule, owner, nth),
                          passed=passed, rule_id=rule.id)
        passed.append(rule)
    region = plan.region
    found = turns.take(team_key=region_team_key(region.id), pool=plan.region_reps,
                       exclude=exclude, now=now)
    if found is not None:
        owner, nth = found
        return chosen(owner, region_reason(region.name, owner, nth),
                      region_why(region.name, owner, nth), passed=passed)
    managers = await org.managers_of(region.id)  # rare path: asked only when needed
    return to_manager(region.name, [m for m in managers if m.user_id not in exclude],
                      passed=passed)


async def choose(session: AsyncSession, *, lead: Lead, region: Region, org: Roster,
                 now: datetime, exclude: Collection[str] = ()) -> Decision:
    """One lead's owner (a rejection, the overdue reassignment): a batch of one."""
    [found] = await plan_all([(lead, region)], rules=await rules_repo.all_rules(session),
                             org=org)
    turns = Turns(session, day=shanghai_day(now))
    await turns.lock(team_keys=found.team_keys, user_ids=found.user_ids)
    decision = await decide(found, turns, org=org, now=now, exclude=exclude)
    await turns.save()
    return decision
