"""Reopening a lost deal (`POST /opportunities/{id}/reopen`, QA #7): the owner's manager
(a manager of the deal's region) or a director; a rep asks them. What the loss did is
undone where it must be for the deal to go on:
- a discount the loss withdrew waits for its approver again (deal_lost.close withdrew it;
  left withdrawn, the draft could be issued without anyone approving it);
- the voided contract stays void (what was approved was for a deal that ended); the
  accepted quote is still there, so a new contract is drafted from it
  (contracting._open_contract no longer counts a cancelled contract as open);
- analytics read the deal's status and history: it counts as open again, not as lost,
  and the reopening (lost → stage) is no forward move of the rep's;
- `pipeline.deal_reopened` goes out instead of `pipeline.stage_changed`, so nobody treats
  the deal as newly entering the stage (workorders would open a second 技术部 order for
  方案设计, incentives would count 方案设计 entered again).
The owner is one who can hold the deal (domain/reopen_owner): the reopener may name one
(`owner_id`: of the deal's region, or, for a manager, of his regions or his people — the
directory asked once more, down: 503), else the owner stays if still an active rep or
manager of the region, else the leaver's handover successor, else the reopening manager;
a stopped account never owns an open deal (422 `owner_id` when nobody fits). The
directory is asked before the deal is locked; down, the reopening is refused
(OrgUnavailable → 503), nothing changed.
Idempotency-Key: kept on the reopening's history row; the same key and body answer the
deal as it is, another body under it is 422 (servicekit.idempotency).
"""

from __future__ import annotations

from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.uow import UnitOfWork
from sqlalchemy import func, select

from pipeline.adapters import handover_repo, quotes_repo, repository
from pipeline.adapters.org_directory import OrgUnavailable
from pipeline.domain import reopen_owner, reopening, stage_rules
from pipeline.domain.approval_matrix import Person
from pipeline.domain.model import Opportunity
from pipeline.service_layer import deal_replies, discount_messages, messages, reach
from pipeline.service_layer.deps import SOURCE, Deps
from pipeline.service_layer.working import _visible

REOPENERS = frozenset({"manager", "director"})


async def reopen(opportunity_id: str, reason: str, principal: Principal, deps: Deps, *,
                 idempotency_key: str = "", owner_id: str = "") -> pb.Opportunity:
    key = idempotency_key or None
    said = (opportunity_id, " ".join(reason.split()))  # keys from before owner_id still match
    asked = fingerprint(*said, owner_id) if owner_id else fingerprint(*said)
    if deps.org is None:
        raise OrgUnavailable("no org directory wired")
    people = await deps.org.people()
    theirs = await reach.manager_people(principal, deps.org) if owner_id else frozenset()
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        if key:  # one key sent for two deals at once: the second waits, then finds it used
            await uow.session.execute(select(func.pg_advisory_xact_lock(
                func.hashtext(f"reopen:{principal.user_id}:{key}"))))
        opp = await _visible(uow.session, opportunity_id, principal, deps, for_update=True)
        if principal.role not in REOPENERS:
            raise PermissionDenied("只有商机负责人的经理或总监可以重新打开丢单商机")
        if key and (stored := await repository.hash_of_key(
                uow.session, by_user_id=principal.user_id, key=key)) is not None:
            check_same_request(stored=stored, arriving=asked)
            return await _reply(uow, opp, principal, deps)
        reopening.reopen(opp, reason=reason, by=principal.user_id, now=deps.clock())
        await _current_owner(uow, opp, named=owner_id, principal=principal,
                             people=people, theirs=theirs)
        await _discounts_wait_again(uow, opp, deps)
        await repository.save_stage(uow.session, opp, idempotency_key=key,
                                    request_hash=asked if key else None)
        messages.publish(uow, opp, account_name="")
        await uow.commit()
        return await _reply(uow, opp, principal, deps)


async def _current_owner(uow: UnitOfWork, opp: Opportunity, *, named: str,
                         principal: Principal, people: list[Person],
                         theirs: frozenset[str]) -> None:
    mine = principal.region_ids if principal.role == "manager" else ()
    heir = reopen_owner.choose(
        region_id=opp.region_id, owner_id=opp.owner_id, named=named,
        reopener_id=principal.user_id, people=people,
        successors=await handover_repo.successors(uow.session), regions=mine, reach=theirs)
    if heir is not None:
        opp.owner_id, opp.owner_username = heir.id, heir.username
        await repository.set_owner(uow.session, opp)


async def _discounts_wait_again(uow: UnitOfWork, opp: Opportunity, deps: Deps) -> None:
    """Reopened where it was lost before 方案设计, the discount waits on hold: nobody is
    asked until the deal comes forward (discount_hold asks then, `resumed`)."""
    held = bool(stage_rules.discount_on_hold(opp.stage))
    for quote in await quotes_repo.live_of(uow.session, opportunity_id=opp.id):
        if quote.reinstate_discount():
            await quotes_repo.save(uow.session, quote)
            if not held:
                await discount_messages.requested(uow, quote, deps=deps, now=deps.clock(),
                                                  reopened=True)


async def _reply(uow: UnitOfWork, opp: Opportunity, principal: Principal,
                 deps: Deps) -> pb.Opportunity:
    return (await deal_replies.replies(uow.session, [opp], role=principal.role,
                                       org=deps.org))[0]
