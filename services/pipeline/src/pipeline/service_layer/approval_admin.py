"""The approval matrix (everyone who works deals reads it; admins publish a version) and
delegation (`PUT /me/delegation`): while an approver is away their steps go to the
delegate, recorded as `delegated_from`; steps already waiting for them move at once."""

from __future__ import annotations

from datetime import datetime, timedelta

from salesos.pipeline.v1 import contracts_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import FieldError, PermissionDenied
from servicekit.uow import UnitOfWork

from pipeline.adapters import approval_repo, contracts_repo
from pipeline.domain.approval_matrix import USER, Level, Person, validated
from pipeline.domain.quote_delegates import StandIn
from pipeline.service_layer import contract_messages as messages
from pipeline.service_layer import delegation_end, discount_holders
from pipeline.service_layer.approval_powers import check_delegate_power
from pipeline.service_layer.approving import save_and_publish
from pipeline.service_layer.contract_deps import ContractDeps
from pipeline.service_layer.deps import SOURCE

MAX_DELEGATION = timedelta(days=90)
APPROVER_ROLES = ("manager", "director", "admin")


async def get_matrix(deps: ContractDeps) -> pb.ApprovalMatrix:
    async with UnitOfWork(deps.base.sessions, source=SOURCE) as uow:
        version, levels, row = await approval_repo.current_matrix(uow.session)
        await uow.commit()  # keeps the seeded default when this was the first read
    return messages.matrix(version, levels, row.created_by, row.created_at)


async def put_matrix(levels: list[Level], principal: Principal,
                     deps: ContractDeps) -> pb.ApprovalMatrix:
    if principal.role != "admin":
        raise PermissionDenied("只有管理员可以修改审批矩阵")
    checked = validated(levels)  # InvalidField before anything is written
    await _check_named_approvers(checked, deps)
    async with UnitOfWork(deps.base.sessions, source=SOURCE) as uow:
        version, saved, row = await approval_repo.add_matrix(
            uow.session, levels=checked, created_by=principal.user_id)
        await uow.commit()
    return messages.matrix(version, saved, row.created_by, row.created_at)


async def _check_named_approvers(levels: tuple[Level, ...], deps: ContractDeps) -> None:
    """A named approver must exist, be active and be allowed to approve (as a delegate
    must): otherwise the admin's typo surfaces only as every rep's refused submission."""
    people = {p.username: p for p in await deps.org.people()}
    for i, level in enumerate(levels):
        if level.approver_kind != USER:
            continue
        person = people.get(level.approver_username)
        if person is None or not person.active:
            raise FieldError(f"levels.{i}.approver_username",
                             f"用户 {level.approver_username} 不存在或已停用")
        if person.role not in APPROVER_ROLES:
            raise FieldError(f"levels.{i}.approver_username", "审批人须为经理、总监或管理员")


async def get_delegation(principal: Principal, deps: ContractDeps) -> pb.Delegation:
    async with deps.base.sessions() as session:
        row = await approval_repo.delegation_of(session, user_id=principal.user_id)
    if row is None or row.until <= deps.base.clock():
        return pb.Delegation(user_id=principal.user_id)
    return pb.Delegation(user_id=principal.user_id, to_user_id=row.to_user_id,
                         until=messages.ts(row.until))


async def set_delegation(to_user_id: str, until: datetime | None, principal: Principal,
                         deps: ContractDeps) -> pb.Delegation:
    """Empty `to_user_id` ends the delegation: what the delegate still holds comes back.
    Only approvers delegate: a rep's or engineer's delegation moved nothing and named
    nobody, yet answered 200 as if it had."""
    if principal.role not in APPROVER_ROLES:
        raise PermissionDenied("只有经理、总监或管理员有审批可委托")
    now = deps.base.clock()
    if not to_user_id:
        async with UnitOfWork(deps.base.sessions, source=SOURCE) as uow:
            held = await discount_holders.snapshot(uow, deps.org)
            await approval_repo.end_delegation(uow.session, user_id=principal.user_id)
            await delegation_end.give_back(uow, principal.user_id, now=now, deps=deps)
            await discount_holders.announce(uow, held, org=deps.org, now=now)
            await uow.commit()
        return pb.Delegation(user_id=principal.user_id)
    delegate = await _check_delegate(to_user_id, principal, deps)
    if until is None:
        raise FieldError("until", "必填")
    if until <= now:
        raise FieldError("until", "代理截止时间须晚于现在")
    if until > now + MAX_DELEGATION:
        raise FieldError("until", "代理期限最长 90 天")
    async with UnitOfWork(deps.base.sessions, source=SOURCE) as uow:
        await check_delegate_power(uow.session, approver_id=principal.user_id,
                                   delegate=delegate)
        held = await discount_holders.snapshot(uow, deps.org)
        await approval_repo.set_delegation(uow.session, user_id=principal.user_id,
                                           to_user_id=to_user_id, until=until,
                                           stand_in=await _stand_in(principal, delegate, deps))
        timing = await deps.timing_at(uow.session, now)
        for contract_id in await contracts_repo.pending_steps_of(
                uow.session, approver_id=principal.user_id):
            c = await contracts_repo.get(uow.session, contract_id=contract_id, for_update=True)
            if c and c.delegate_pending(principal.user_id, to_user_id, now=now, timing=timing):
                await save_and_publish(uow, c, now=now, timing=timing)
        # Another delegate named: what the former one holds for the caller follows (they
        # may be away now too; the caller's list still has it either way).
        for contract_id in await contracts_repo.pending_steps_held_for(
                uow.session, user_id=principal.user_id):
            c = await contracts_repo.get(uow.session, contract_id=contract_id, for_update=True)
            if c and c.move_held(principal.user_id, to_user_id, now=now, timing=timing):
                await save_and_publish(uow, c, now=now, timing=timing)
        await discount_holders.announce(uow, held, org=deps.org, now=now)
        await uow.commit()
    return pb.Delegation(user_id=principal.user_id, to_user_id=to_user_id,
                         until=messages.ts(until))


async def _stand_in(principal: Principal, delegate: Person, deps: ContractDeps) -> StandIn:
    """Who is away and who holds their approvals, as quotes' readers will name them."""
    me = await deps.org.person(principal.user_id)
    regions = me.managed_region_ids if me is not None else tuple(principal.region_ids)
    return StandIn(principal.user_id, me.role if me is not None else principal.role,
                   tuple(regions), delegate.id, delegate.role,
                   delegate.display_name or delegate.username)


async def _check_delegate(to_user_id: str, principal: Principal, deps: ContractDeps
                          ) -> Person:
    if to_user_id == principal.user_id:
        raise FieldError("to_user_id", "不能委托给自己")
    person = await deps.org.person(to_user_id)
    if person is None or not person.active:
        raise FieldError("to_user_id", "被委托人不存在或已停用")
    if person.role not in APPROVER_ROLES:
        raise FieldError("to_user_id", "被委托人须为经理、总监或管理员")
    return person
