"""Approval: submit a contract (steps from the matrix by amount, plus whoever its discount
below the accepted quote needs: contract_discount), decide the pending step, and the
reminder/escalation job. Every step that becomes pending (or is handed to a delegate)
gets two `approval_deadlines` rows: the reminder (level 1, to the approver) and the
escalation (level 2, to the approver's manager); the job fires only rows whose step is
still pending with the same approver."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.pipeline.v1 import contracts_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.uow import UnitOfWork
from servicekit.workcal.loader import report_fallbacks
from uuid6 import uuid7

from pipeline.adapters import approval_repo, catalogue_repo, contracts_repo, quote_lookup
from pipeline.domain import approval_matrix, contract_discount, stage_rules
from pipeline.domain import contract_events as ev
from pipeline.domain.contracts import APPROVED, PENDING, Contract, NotApprover, Timing
from pipeline.domain.errors import TransitionRefused
from pipeline.service_layer import approval_powers, stage_guard
from pipeline.service_layer import contract_messages as messages
from pipeline.service_layer.contract_deps import ContractDeps
from pipeline.service_layer.contracting import check_deal_side, reply, visible
from pipeline.service_layer.deps import SOURCE


async def submit(contract_id: str, principal: Principal, deps: ContractDeps) -> pb.Contract:
    if principal.role not in ("rep", "manager", "director", "admin"):
        raise PermissionDenied("无权提交合同审批")
    people = await deps.org.people()  # before the transaction: no lock held while asking
    async with UnitOfWork(deps.base.sessions, source=SOURCE) as uow:
        c = await visible(uow.session, contract_id, principal, deps.org, for_update=True)
        await check_deal_side(c, principal, "提交合同审批", deps.org)
        if c.status != PENDING:  # a retry of a submission already made still answers
            await stage_guard.require(uow.session, await stage_guard.deal_of(
                uow.session, c.opportunity_id), stage_rules.CONTRACTING_FROM,
                action="提交合同审批")
        _, levels, _ = await approval_repo.current_matrix(uow.session)
        quote = await quote_lookup.quote_facts(uow.session, quote_id=c.quote_id)
        if quote is None:
            raise TransitionRefused("合同所依据的报价已不存在，无法核对价格与折扣，请联系管理员")
        amount = approval_matrix.approval_amount(price_fen=c.amount_fen,
                                                 quote_total_fen=quote.total_fen)
        limits = await catalogue_repo.limits(uow.session)
        assignees = contract_discount.with_discount(
            approval_matrix.resolve(levels, amount_fen=amount, region_id=c.region_id,
                                    people=people, owner_id=c.owner_id),
            contract_discount.cut_of(c.amount_fen, quote), owner_id=c.owner_id,
            people=people, limits=limits)
        now = deps.base.clock()
        delegations = await approval_repo.active_delegations(
            uow.session, user_ids=[a.approver_id for a in assignees], now=now)
        timing = await deps.timing_at(uow.session, now)
        if c.submit(assignees, new_id=lambda: str(uuid7()), now=now,
                    delegations=delegations, timing=timing,
                    powers=contract_discount.powers_of(people, limits)):
            await save_and_publish(uow, c, now=now, timing=timing)
            await uow.commit()
        return await reply(uow.session, c)


async def decide(request: pb.DecideContractRequest, principal: Principal,
                 deps: ContractDeps) -> pb.Contract:
    async with UnitOfWork(deps.base.sessions, source=SOURCE) as uow:
        c = await visible(uow.session, request.contract_id, principal, deps.org,
                          for_update=True)
        now = deps.base.clock()
        following = [s.approver_id for s in c.steps if s.status == "waiting"]
        delegations = await approval_repo.active_delegations(
            uow.session, user_ids=following, now=now)
        timing = await deps.timing_at(uow.session, now)
        powers = await approval_powers.delegates_powers(uow.session, deps, c.steps,
                                                        delegations)
        try:
            step = c.decide(principal.user_id, request.decision.strip().lower(),
                            request.comment, now=now, delegations=delegations,
                            timing=timing, powers=powers)
        except NotApprover as refused:
            raise PermissionDenied(str(refused)) from refused
        if step is not None:
            await approval_repo.cancel_deadlines(uow.session, step_id=step.id, now=now)
            await save_and_publish(uow, c, now=now, timing=timing)
            if c.status == APPROVED:  # 合同内部审批 is the system's, by the last approver
                # The deal is read unlocked: every other path locks the deal before the
                # contract, so locking it here, after the contract, could deadlock; a
                # loss racing this waits for the contract's lock and unticks after us.
                await stage_guard.tick(uow.session, await stage_guard.deal_of(
                    uow.session, c.opportunity_id), stage_rules.APPROVE_CONTRACT,
                    by=principal.user_id, now=now)
            await uow.commit()
        return await reply(uow.session, c)


async def save_and_publish(uow: UnitOfWork, c: Contract, *, now: datetime,
                           timing: Timing) -> None:
    """Steps and status saved, a deadline pair per newly pending step (counted with
    `timing`: a year without an official schedule, counted Monday-Friday, is logged and
    counted), events staged."""
    if timing.calendar is not None:
        report_fallbacks(timing.calendar, subject="contract approval")
    await contracts_repo.save_status(uow.session, c)
    await contracts_repo.save_steps(uow.session, c)
    for event in c.events:
        if isinstance(event, ev.ApprovalRequested):
            # A step handed to a delegate starts its clock again for the delegate.
            await approval_repo.cancel_deadlines(uow.session, step_id=event.step_id, now=now)
            await approval_repo.add_deadlines(uow.session, step_id=event.step_id,
                                              remind_at=event.due_at,
                                              escalate_at=event.escalate_at)
    messages.publish(uow, c)


async def fire_deadline(uow: UnitOfWork, row: Any) -> None:
    """One due row: a reminder or an escalation, if its step still waits (the scheduler
    marks the row fired in the same transaction)."""
    step = await contracts_repo.step_row(uow.session, step_id=row.step_id)
    if step is None or step.status != "pending":  # decided meanwhile: nothing to say
        return
    c = await contracts_repo.get(uow.session, contract_id=str(step.contract_id))
    assert c is not None
    level_two = row.level == approval_repo.ESCALATION
    uow.publish(ev_pb2.ApprovalEscalated(
        contract_id=c.id, opportunity_id=c.opportunity_id, step=step.position,
        approver_id=step.approver_id,
        escalated_to_id=step.escalate_to_id if level_two else step.approver_id,
        level=row.level, at=messages.ts(row.due_at), account_name=c.account_name,
        step_id=str(row.step_id)),
        type="pipeline.approval_escalated", aggregate_id=c.id)

