"""Choosing a lead's owner: rules first, then the region's team, then its manager.

Runs inside the caller's transaction. The directory questions of the usual path are
asked before the first team row is locked, so a team's turn is held for a few statements
only. Teams are locked in rule order and the region team last, the same order in every
transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from leads.adapters import rules_repo, teams_repo
from leads.adapters.clients import Region
from leads.domain.assignment import (
    Candidate,
    Decision,
    passed_over,
    region_reason,
    rule_reason,
    to_manager,
)
from leads.domain.model import Lead
from leads.domain.rules import REGION, LeadFacts, Rule, matching, region_team_key
from leads.domain.teams import Member, member, pick, shanghai_day


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


async def _members_of(rule: Rule, org: Roster) -> list[Candidate]:
    if rule.target_kind == REGION:
        return await org.active_reps(rule.target_region_id)
    return await org.reps_among(rule.target_user_ids)


async def _fill(session: AsyncSession, *, team_key: str | None, pool: Sequence[Candidate],
                exclude: Collection[str], now: datetime) -> tuple[Member, int] | None:
    """Takes the team's turn: the picked rep and which lead of their day this is."""
    if not [c for c in pool if c.user_id not in exclude]:
        return None
    day = shanghai_day(now)
    # Read before the team's lock, to hold the turn shorter: a count that went stale
    # meanwhile is caught by take_slot's own cap check, and the pick is made again.
    settings, counts = await teams_repo.roster_state(
        session, user_ids=[c.user_id for c in pool], day=day)
    scores = await teams_repo.lock_team(session, team_key=team_key) if team_key else {}
    while True:
        members = [member(c.user_id, c.username, settings.get(c.user_id),
                          assigned_today=counts.get(c.user_id, 0), now=now) for c in pool]
        picked = pick([replace(m, away=True) if m.user_id in exclude else m for m in members],
                      scores)
        if picked is None:
            return None
        chosen, new_scores = picked
        nth = await teams_repo.take_slot(session, user_id=chosen.user_id, day=day,
                                         cap=chosen.daily_cap)
        if nth is not None:
            break
        # A team sharing this rep took their last slot since we counted: pick again.
        counts[chosen.user_id] = chosen.daily_cap or 0
    if team_key:
        await teams_repo.save_team(session, team_key=team_key, scores=new_scores)
    return chosen, nth


async def choose(session: AsyncSession, *, lead: Lead, region: Region, org: Roster,
                 now: datetime, exclude: Collection[str] = ()) -> Decision:
    rules = matching(await rules_repo.all_rules(session), facts_of(lead, region.id))
    pools = [await _members_of(rule, org) for rule in rules]
    region_reps = await org.active_reps(region.id)
    passed: list[Rule] = []
    for rule, pool in zip(rules, pools, strict=True):
        found = await _fill(session, team_key=rule.team_key, pool=pool, exclude=exclude,
                            now=now)
        if found is not None:
            chosen, nth = found
            return Decision(Candidate(chosen.user_id, chosen.username),
                            passed_over(passed) + rule_reason(rule, chosen, nth), rule.id)
        passed.append(rule)
    found = await _fill(session, team_key=region_team_key(region.id), pool=region_reps,
                        exclude=exclude, now=now)
    if found is not None:
        chosen, nth = found
        return Decision(Candidate(chosen.user_id, chosen.username),
                        passed_over(passed) + region_reason(region.name, chosen, nth))
    managers = await org.managers_of(region.id)  # rare path: asked only when needed
    return to_manager(region.name, [m for m in managers if m.user_id not in exclude],
                      prefix=passed_over(passed))
