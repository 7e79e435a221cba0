"""A lead changes hands: a manager reassigns it, or its owner rejects it to the next rep."""

from __future__ import annotations

from servicekit.auth import Principal
from servicekit.errors import Conflict, FieldError, PermissionDenied
from servicekit.idempotency import fingerprint
from servicekit.orgdir import OrgUnavailable
from servicekit.uow import UnitOfWork

from leads.adapters import clock_repo, idempotency, repository, teams_repo
from leads.domain.assignment import Candidate, rejected_by
from leads.domain.assignment_access import may_hand_to, may_reassign
from leads.domain.lifecycle import MERGED_AWAY
from leads.domain.model import ASSIGNED, CLOSED, UNASSIGNABLE, Lead
from leads.domain.normalise import InvalidField, folded, free_text
from leads.domain.teams import shanghai_day
from leads.service_layer import reading
from leads.service_layer.assigning import choose
from leads.service_layer.handlers import SOURCE, Deps
from leads.service_layer.lead_region import kept_region
from leads.service_layer.messages import publish_events
from leads.service_layer.rules_admin import DirectoryUnavailable


def _reason(text: str) -> str:
    try:
        reason = free_text("reason", text, max_length=500)
    except InvalidField as error:
        raise FieldError.of(error) from error
    if not reason:
        raise FieldError("reason", "请填写原因")
    return reason


async def named(principal: Principal, deps: Deps) -> Candidate:
    """The caller as reasons name them: the directory's display name (cached), else the
    login the token carries."""
    found = await deps.org.get_user(principal.user_id)
    return Candidate(principal.user_id, principal.username,
                     found.display_name if found is not None else "")


async def _locked(uow: UnitOfWork, lead_id: str, principal: Principal, deps: Deps) -> Lead:
    lead = await repository.get(uow.session, lead_id=lead_id, for_update=True)
    return await reading.readable(lead, principal, deps)


async def _replayed(uow: UnitOfWork, key: str, *request: object) -> Lead | None:
    # The key is per caller, not per lead: another lead under it is refused, never
    # answered with the first one.
    seen = await idempotency.claim(uow.session, key=key,
                                   request=fingerprint(*request)) if key else None
    return None if not seen else await repository.get(uow.session, lead_id=seen.decode())


async def reassign_lead(lead_id: str, *, owner_id: str, reason: str, principal: Principal,
                        deps: Deps, idempotency_key: str = "") -> Lead:
    reason = _reason(reason)
    try:
        owner = await deps.org.get_user(owner_id) if owner_id else None
        by = await named(principal, deps)
    except OrgUnavailable as error:
        raise DirectoryUnavailable("组织目录暂时不可用") from error
    if owner is None or not owner.is_active_rep:
        raise FieldError("owner_id", "新负责人须为在岗销售")
    key = idempotency_key and f"{principal.user_id}:lead.reassign:{idempotency_key}"
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        if (done := await _replayed(uow, key, lead_id, owner_id, folded(reason))) is not None:
            return done
        lead = await _locked(uow, lead_id, principal, deps)
        if not may_reassign(role=principal.role, lead_region_id=lead.region_id,
                            region_ids=principal.region_ids, lead_owner_id=lead.owner_id,
                            people=await reading.people_for(lead, principal, deps)):
            raise PermissionDenied("只有该区域的经理、总监或管理员可以改派")
        if not may_hand_to(role=principal.role, rep_region_id=owner.region_id,
                           region_ids=principal.region_ids):
            raise FieldError("owner_id", "经理只能改派给自己管辖区域的销售；"
                                         "跨区域改派请由总监或管理员操作")
        if lead.status in CLOSED:  # the lead's state, not a bad field: 409 like reject's
            raise Conflict("线索已关闭，不能改派")
        if lead.merged_into:  # worked on its survivor: moving it moves nobody's work
            raise Conflict(MERGED_AWAY)
        now = deps.clock()
        try:
            lead.reassign(Candidate(owner.id, owner.username, owner.display_name), by=by,
                          reason=reason, now=now)
        except InvalidField as error:
            raise FieldError.of(error) from error
        # A manager's choice counts toward the rep's day but is not refused by their cap.
        await teams_repo.take_slot(uow.session, user_id=owner.id, day=shanghai_day(now),
                                   cap=None)
        await _save(uow, lead, key)
    return lead


async def reject_lead(lead_id: str, *, reason: str, principal: Principal, deps: Deps,
                      idempotency_key: str = "") -> Lead:
    """The lead goes to the next rep by the rules (normally the same rule's team); anyone
    who rejected it before is left out, so it never comes back to them."""
    reason = _reason(reason)
    key = idempotency_key and f"{principal.user_id}:lead.reject:{idempotency_key}"
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        if (done := await _replayed(uow, key, lead_id, folded(reason))) is not None:
            return done
        lead = await _locked(uow, lead_id, principal, deps)
        if lead.owner_id != principal.user_id:
            raise PermissionDenied("只有线索负责人可以退回")
        if lead.merged_into:
            raise Conflict(MERGED_AWAY)
        if lead.status != ASSIGNED:
            raise Conflict("线索已在跟进中，不能退回")
        now = deps.clock()
        lead.reject(by_user_id=principal.user_id, reason=reason, now=now)
        await teams_repo.add_rejection(uow.session, lead_id=lead.id, user_id=principal.user_id,
                                       reason=reason, at=now)
        exclude = await teams_repo.rejected_by(uow.session, lead_id=lead.id)
        try:
            region = await kept_region(deps.org, lead)
            name = (await named(principal, deps)).shown
            decision = await choose(uow.session, lead=lead, region=region, org=deps.org,
                                    now=now, exclude=exclude)
        except OrgUnavailable as error:
            raise DirectoryUnavailable("组织目录暂时不可用") from error
        lead.assign(rejected_by(decision, name=name, note=reason),
                    region_id=region.id, now=now)
        if lead.status == UNASSIGNABLE:  # nobody left: no clock to remind anyone of it
            lead.first_contact_due_at = None
            await clock_repo.stop_clock(uow.session, lead_id=lead.id, now=now)
            await clock_repo.save_lifecycle(uow.session, lead=lead)
        await _save(uow, lead, key)
    return lead


async def _save(uow: UnitOfWork, lead: Lead, key: str) -> None:
    await repository.save_assignment(uow.session, lead=lead)
    publish_events(uow, lead)
    if key:
        await idempotency.remember(uow.session, key=key, reply=lead.id.encode())
    await uow.commit()
