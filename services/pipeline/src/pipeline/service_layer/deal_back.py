"""What sending a deal back a stage does to its contract, and to quoting it anew.

A contract the customer has signed binds them: the deal is not sent back at all (409
naming the contract; it is won, as deal_lost refuses to lose it). Sent back before 报价 —
the needs or the solution are being redone — a contract in approval, or approved, is a
draft again (`Contract.withdraw`): its open steps end (no reminders or escalations, out
of every to-do list), links sent to the signer stop working, and it is submitted anew
once the deal is in 报价 again (approving.submit is gated there). Its terms and versions
stay. Sent back from 签约 to 报价 (the terms are renegotiated), the contract stays as it
is: changing its terms already makes it a draft again, and the signer's link waits for 签约.

A new quote version on a deal whose customer accepted one (`requote`): refused from 报价
on, as before (contracts are built from the accepted one); but a deal sent back to 方案设计
is redesigning what was accepted, so the new version supersedes the accepted one, and the
contract made from it is void (`cancelled`: a new one is drafted from the new accepted
quote, as after a lost deal is reopened). Before, such a deal could never be quoted again.

Before, a deal sent back to 需求确认 kept its contract in the VP's to-do list, reminded and
escalated, approved for a solution that was being redone; and a signed contract's deal
could be sent back to 线索 and never won.
"""

from __future__ import annotations

from datetime import datetime

from servicekit.uow import UnitOfWork

from pipeline.adapters import contracts_repo, quotes_repo
from pipeline.domain import stage_rules, stages
from pipeline.domain.contract_status import CANCELLED
from pipeline.domain.errors import TransitionRefused
from pipeline.domain.model import Opportunity
from pipeline.domain.quotes import ACCEPTED
from pipeline.service_layer import contract_rounds


def is_back(from_stage: str, to: str) -> bool:
    return (from_stage in stages.ORDER and to in stages.ORDER
            and stages.position(to) < stages.position(from_stage))


async def check(uow: UnitOfWork, opp: Opportunity) -> None:
    """Before the move (nothing written yet): refuses when the customer has signed."""
    latest = await contracts_repo.latest_of_deal(uow.session, opportunity_id=opp.id)
    if latest is not None and latest.signed_at is not None:
        raise TransitionRefused(
            f"合同 {latest.number} 已由客户签署，商机不能退回阶段；请推进至赢单")


async def sent_back(uow: UnitOfWork, opp: Opportunity, *, now: datetime) -> None:
    """After the move: the deal now stands before 报价 → its submitted contract is a draft."""
    if stages.position(opp.stage) >= stages.position(stage_rules.CONTRACTING_FROM):
        return
    latest = await contracts_repo.latest_of_deal(uow.session, opportunity_id=opp.id)
    if latest is None:
        return
    c = await contracts_repo.get(uow.session, contract_id=latest.id, for_update=True)
    assert c is not None
    waiting = c.withdraw()
    if waiting is None:
        return
    await contracts_repo.save_status(uow.session, c)
    await contract_rounds.end_round(uow, c, step_ids=waiting, now=now, opp=opp)


async def requote(uow: UnitOfWork, opp: Opportunity, *, now: datetime) -> None:
    """Before a new quote version is made (the deal locked): its accepted quote, if any,
    gives way in 方案设计, and its contract is void; from 报价 on the new version is 409."""
    accepted = await quotes_repo.of_opportunity(uow.session, opportunity_id=opp.id,
                                                states=(ACCEPTED,), for_update=True)
    if not accepted:
        return
    if stages.position(opp.stage) >= stages.position(stage_rules.ACCEPTING_FROM):
        raise TransitionRefused("客户已接受本商机的报价，不能再新建版本"
                                "（方案有变时请先将商机退回「方案设计」）")
    for quote in accepted:
        quote.supersede(accepted_too=True)
        await quotes_repo.save(uow.session, quote)
    latest = await contracts_repo.latest_of_deal(uow.session, opportunity_id=opp.id)
    if latest is None or latest.quote_id not in {q.id for q in accepted}:
        return
    c = await contracts_repo.get(uow.session, contract_id=latest.id, for_update=True)
    assert c is not None and c.signed_at is None  # a signed contract's deal never goes back
    if c.status != CANCELLED:
        waiting = c.cancel()
        await contracts_repo.save_status(uow.session, c)
        await contract_rounds.end_round(uow, c, step_ids=waiting, now=now, opp=opp)
