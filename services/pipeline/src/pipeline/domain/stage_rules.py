"""What the deal's stage allows besides moving on: a quote made and sent from 方案设计 on,
accepted by the customer from 报价 on, a contract from 报价 on, the customer's signature
only in 签约; and the sub-steps nobody ticks by
hand because the system knows when they happened (报价内部审批 when a quote is approved,
合同内部审批 when the contract's approval completes — and unticked when that approval
no longer stands: terms revised, the deal sent back before 报价, the contract void —
客户签署合同 when the customer signs).

Before, a deal still in 线索 could be quoted, contracted, approved and signed, and the
two sub-steps were free ticks that said nothing about the quote or the signature. Issuing
and accepting were not gated at all: a deal sent back to 需求确认 because the customer's
needs changed could still send the old quote out, and have it accepted — which freezes
the quote's versions and lets a contract be drafted on a solution being redone. A
budgetary quote may go out while the solution is designed (its total is the amount 报价
needs), but the customer accepts a price only for a confirmed solution: in 报价 or later.
Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.domain import stages
from pipeline.domain.errors import TransitionRefused

QUOTING_FROM, CONTRACTING_FROM, SIGNING_AT = stages.SOLUTION_DESIGN, stages.QUOTE, stages.CONTRACT
ISSUING_FROM, ACCEPTING_FROM = QUOTING_FROM, stages.QUOTE
APPROVE_QUOTE, CUSTOMER_SIGNS = "approve_quote", "customer_signs"
APPROVE_CONTRACT = "approve_contract"
# step id → when the system ticks it (the words a manual tick is refused with)
SYSTEM_STEPS = {APPROVE_QUOTE: "报价审批通过（或无需审批）时由系统自动勾选",
                APPROVE_CONTRACT: "合同审批通过后由系统自动勾选",
                CUSTOMER_SIGNS: "客户签署合同后由系统自动勾选"}


def discount_on_hold(stage: str) -> str:
    """Why a waiting discount cannot be decided now ('' when it can): the deal went back
    before 方案设计, so the solution it priced is being redone (deciding it there is 409,
    as making or issuing the quote is; the answer's can_decide says so too)."""
    if stage in stages.ORDER and stages.position(stage) < stages.position(QUOTING_FROM):
        return (f"商机已退回「{stages.DEFAULT_LABELS[stage]}」阶段，回到"
                f"「{stages.DEFAULT_LABELS[QUOTING_FROM]}」后再审批折扣")
    return ""


HOLD, RESUME = "hold", "resume"


def discount_move(came_from: str, to: str) -> str:
    """What a stage change does to a waiting discount: HOLD when the deal goes back before
    方案设计 (nobody is asked to decide it now), RESUME when it comes forward from there
    (it is asked again), '' otherwise (a move among the stages before, or from 方案设计 on,
    and a loss, which withdraws it for its own reason)."""
    if to in stages.CLOSED:
        return ""
    held_before, held_now = bool(discount_on_hold(came_from)), bool(discount_on_hold(to))
    if held_before == held_now:
        return ""
    return HOLD if held_now else RESUME


def require(stage: str, needed: str, *, action: str, label: Callable[[str], str],
            exactly: bool = False) -> None:
    """TransitionRefused naming the deal's stage and the one `action` needs. A closed
    deal is left to the caller's own refusal (it says won or lost)."""
    if stage not in stages.ORDER:
        return
    at, want = stages.position(stage), stages.position(needed)
    if at == want or (at > want and not exactly):
        return
    where = f"「{label(needed)}」阶段" + ("" if exactly else "或之后")
    raise TransitionRefused(f"商机当前处于「{label(stage)}」阶段，{action}须在{where}进行")
