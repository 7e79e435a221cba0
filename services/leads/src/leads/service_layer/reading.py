"""A caller's reach over leads, the org directory asked only when it matters: a manager's
people (their regions' and their reports', `domain/access.py`) for a lead outside their
regions, and for every list and export. While the directory cannot answer, a manager is
told to retry (503) rather than shown fewer leads as if that were all (as for imports)."""

from __future__ import annotations

from servicekit.auth import Principal
from servicekit.errors import NotFound
from servicekit.orgdir import OrgUnavailable
from servicekit.scope import Scope, handover_scope, scope_for

from leads.domain.access import can_read, needs_people
from leads.domain.model import Lead
from leads.service_layer.handlers import Deps
from leads.service_layer.rules_admin import DirectoryUnavailable


async def manager_people(principal: Principal, deps: Deps) -> frozenset[str]:
    if principal.role != "manager":
        return frozenset()
    try:
        return frozenset(await deps.org.people_of_manager(principal.user_id,
                                                          principal.region_ids))
    except OrgUnavailable as error:
        raise DirectoryUnavailable("组织目录暂时不可用，请稍后再试") from error


async def people_for(lead: Lead, principal: Principal, deps: Deps) -> frozenset[str]:
    """The caller's people when they can decide access to this lead; else none asked."""
    if not needs_people(lead, role=principal.role, region_ids=principal.region_ids):
        return frozenset()
    return await manager_people(principal, deps)


async def readable(lead: Lead | None, principal: Principal, deps: Deps) -> Lead:
    """The lead if the caller may see it; otherwise NotFound, so existence does not leak."""
    if lead is None or not can_read(lead, role=principal.role, user_id=principal.user_id,
                                    region_ids=principal.region_ids,
                                    people=await people_for(lead, principal, deps)):
        raise NotFound("线索不存在")
    return lead


async def lead_scope(principal: Principal, deps: Deps) -> Scope:
    """A list's or an export's scope: one directory question for a manager."""
    return scope_for(role=principal.role, user_id=principal.user_id,
                     region_ids=principal.region_ids,
                     people=await manager_people(principal, deps))


async def leaver_regions(leaver_id: str, principal: Principal,
                         deps: Deps) -> tuple[str, ...] | None:
    """Whose leads a leaver's handover may move (`servicekit.scope.handover_scope`): a
    manager handing over one of his people moves all of that person's leads, those a
    director gave them in another region too (he sees them all); anyone else's, only his
    regions' leads. None: every lead of the leaver."""
    return handover_scope(principal, leaver_id=leaver_id,
                          people=await manager_people(principal, deps))
