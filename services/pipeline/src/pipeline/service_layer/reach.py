"""A caller's reach over deals, the org directory asked only when it matters.

A manager sees his regions' deals and his people's deals wherever they are: everyone whose
home region he manages or who reports to him, deactivated people included, as the org
directory says (`servicekit.orgdir.OrgCaller.people_of_manager`, one cached `ListUsers`;
`servicekit.scope.Scope.owner_ids`, the same mechanism as leads). A director may hand a
华东 customer to a 华南 rep, or the rep's lead becomes a deal, and the deal keeps its
region (the customer's): the 华南 manager still follows his rep's work.

Asked for every list, export and analytics answer of a manager (`deal_scope`), and for
one deal only when it lies outside his regions and has an owner (`servicekit.scope.
needs_people`). While the directory cannot answer, such a manager's request is 503 with
Retry-After (`DirectoryUnavailable`), never a shorter list as if that were all.

A delegate holding an away manager's discounts reaches what that manager reaches, his
people's deals elsewhere included (`people_of` for the delegator, quote_delegation).
"""

from __future__ import annotations

from collections.abc import Collection

import grpc
from servicekit.auth import Principal
from servicekit.errors import ServiceError
from servicekit.orgdir import OrgUnavailable
from servicekit.scope import Scope, can_read, handover_scope, needs_people, scope_for

from pipeline.service_layer.deps import Directory

__all__ = ["DirectoryUnavailable", "deal_scope", "leaver_regions", "manager_people",
           "may_read", "people_of"]


class DirectoryUnavailable(ServiceError):
    """Who a manager's people are cannot be told now (503 + Retry-After at the gateway)."""

    code = grpc.StatusCode.UNAVAILABLE


async def manager_people(principal: Principal, org: Directory | None) -> frozenset[str]:
    """The caller's people when a manager; nobody for anyone else, or without a directory
    wired (unit tests, consumers)."""
    return await people_of(role=principal.role, user_id=principal.user_id,
                           region_ids=principal.region_ids, org=org)


async def people_of(*, role: str, user_id: str, region_ids: Collection[str],
                    org: Directory | None) -> frozenset[str]:
    """Anyone's people by role, id and managed regions (a caller, or an away approver
    whose delegate acts for him): a manager's as the directory says, nobody's else."""
    if role != "manager" or org is None:
        return frozenset()
    try:
        return frozenset(await org.people_of_manager(user_id, region_ids))
    except OrgUnavailable as error:
        raise DirectoryUnavailable("组织架构服务暂时不可用，请稍后重试") from error


async def deal_scope(principal: Principal, org: Directory | None) -> Scope:
    """A list's, an export's or an analytics answer's scope: one question for a manager."""
    return scope_for(role=principal.role, user_id=principal.user_id,
                     region_ids=principal.region_ids,
                     people=await manager_people(principal, org))


async def may_read(principal: Principal, org: Directory | None, *, owner_id: str,
                   region_id: str) -> bool:
    """Whether the caller sees a deal (or its contract) of this owner and region."""
    people: frozenset[str] = frozenset()
    if needs_people(role=principal.role, owner_id=owner_id, region_id=region_id,
                    region_ids=principal.region_ids):
        people = await manager_people(principal, org)
    scope = scope_for(role=principal.role, user_id=principal.user_id,
                      region_ids=principal.region_ids, people=people)
    return can_read(scope, owner_id=owner_id, region_id=region_id)


async def leaver_regions(leaver_id: str, principal: Principal,
                         org: Directory | None) -> tuple[str, ...] | None:
    """Whose deals a leaver's handover may move (`servicekit.scope.handover_scope`): a
    manager handing over one of his people moves all of that person's open deals, those in
    other regions too; anyone else's, only his regions'. None: every deal of the leaver."""
    return handover_scope(principal, leaver_id=leaver_id,
                          people=await manager_people(principal, org))
