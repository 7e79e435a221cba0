"""A contract priced below its accepted quote is a discount, and the discount limits that
decide a quote's discount (pricing: role → basis points, table `discount_limits`) decide
it too: there is one set of thresholds. Before, a region manager alone approved any
contract under 500,000 CNY at any price, e.g. a 480,000 CNY quote signed at 100,000 CNY.

The rule:
- price ≥ the quote's total: no new discount (the quote's own one was approved on the
  quote). A contract above its quote is sized by the amount matrix alone.
- price < the quote's total: the discount is measured as a quote at that price would have
  had it, against the quote's list subtotal: 1 − price / subtotal. For a quote without a
  discount that is 1 − price / total; for a quote that already had one, the cut comes on
  top of it (a 10 % quote contracted 10 % lower is a 19 % discount, not 10 %), so a
  contract never needs fewer approvals than the quote would have at that price.
- Integers only, rounded UP to the whole basis point (a fraction of a point never slips
  under a limit): 1 − 470,000 / 480,000 = 2.083… % → 209 bp, shown as 2.09 %.
- Within the owner's own limit: no one beyond the amount chain. Above it: someone whose
  role's limit covers it must be on the chain; if nobody there is, a step for the lowest
  such role is added last, held by the region manager's nearest superior with that power.
  Above every approver's limit: refused (`price_fen`), as such a quote is.
- The step that answers for the discount records it (`Assignee.discount_bp`): a delegate
  may hold that step only within the same power (`power_of`; service_layer/approval_powers).
Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from pipeline.domain.approval_matrix import USER, Assignee, Level, Person
from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.pricing import (
    APPROVER_ROLES,
    FULL_BP,
    ROLE_LABELS,
    approver_needed,
    may_approve,
    percent,
    yuan,
)

DISCOUNT_LEVEL = "discount"


@dataclass(frozen=True)
class QuoteFacts:
    version: int
    subtotal_fen: int
    total_fen: int


@dataclass(frozen=True)
class Cut:
    """How far below its quote a contract is priced."""

    below_quote_bp: int    # 1 − price / quote total
    discount_bp: int       # 1 − price / list subtotal: what the limits are checked against
    reason: str            # zh-CN, for the approver


def _ceil_bp(part_fen: int, whole_fen: int) -> int:
    return (part_fen * FULL_BP + whole_fen - 1) // whole_fen


def cut_of(price_fen: int, quote: QuoteFacts) -> Cut | None:
    """None when the price is not below the quote's total."""
    if price_fen >= quote.total_fen or quote.total_fen <= 0:
        return None
    below = _ceil_bp(quote.total_fen - price_fen, quote.total_fen)
    base = max(quote.subtotal_fen, quote.total_fen)
    discount = _ceil_bp(base - price_fen, base)
    reason = (f"合同价 ¥{yuan(price_fen)} 低于客户接受的报价 V{quote.version}"
              f"（总价 ¥{yuan(quote.total_fen)}），隐含折扣 {percent(below)}")
    if discount != below:
        reason += f"，连同报价折扣较目录价合计 {percent(discount)}"
    return Cut(below, discount, reason)


def with_discount(assignees: list[Assignee], cut: Cut | None, *, owner_id: str,
                  people: Iterable[Person], limits: Mapping[str, int]) -> list[Assignee]:
    """The amount chain, with the discount's approver on it and the reason shown on the
    step that answers for the discount (the first one when nobody must)."""
    if cut is None or not assignees:
        return assignees
    everyone = {p.id: p for p in people}
    # An owner the directory no longer knows has no limit of their own: stricter, not laxer.
    owner = everyone.get(owner_id)
    try:
        role = approver_needed(cut.discount_bp, author_role=owner.role if owner else "",
                               limits=limits)
    except InvalidField:
        ceiling = max((limits.get(r, 0) for r in APPROVER_ROLES), default=0)
        raise InvalidField("price_fen", f"{cut.reason}，超过最高审批权限 {percent(ceiling)}，"
                                        "无法提交审批") from None
    if not role:
        return [replace(assignees[0], reason=cut.reason), *assignees[1:]]
    why = f"{cut.reason}，须{ROLE_LABELS[role]}审批"
    for i, a in enumerate(assignees):
        who = everyone.get(a.approver_id)
        if who is not None and may_approve(cut.discount_bp, role=who.role, limits=limits):
            return [*assignees[:i], replace(a, reason=why, discount_bp=cut.discount_bp),
                    *assignees[i + 1:]]
    starts = [a.approver_id for a in assignees]
    person = _superior(cut.discount_bp, owner_id, starts, everyone, limits)
    if person is None:
        raise TransitionRefused(f"{why}，但没有可用的{ROLE_LABELS[role]}，请联系管理员")
    level = Level(DISCOUNT_LEVEL, f"折扣审批（{ROLE_LABELS[role]}）", 0, USER, person.username)
    return [*assignees, Assignee(level, person.id, person.manager_id or person.id, why,
                                 cut.discount_bp)]


def power_of(person: Person | None, limits: Mapping[str, int]) -> int:
    """The largest discount (bp) this person may approve; -1 for none (not a discount
    approver's role, stopped, or unknown). A step's delegate must reach its discount_bp."""
    if person is None or not person.active or person.role not in APPROVER_ROLES:
        return -1
    return limits.get(person.role, 0)


def powers_of(people: Iterable[Person], limits: Mapping[str, int]) -> dict[str, int]:
    return {p.id: power_of(p, limits) for p in people}


def _superior(discount_bp: int, owner_id: str, starts: list[str],
              everyone: Mapping[str, Person], limits: Mapping[str, int]) -> Person | None:
    """Up the reporting line from the chain's approvers, lowest first (the region's
    manager, usually), then from the owner, to the first
    active person who may approve the discount and is not the owner; else the first such
    person by username (a flat org chart)."""
    def fits(p: Person) -> bool:
        return p.active and p.id != owner_id and may_approve(discount_bp, role=p.role,
                                                             limits=limits)

    for start in (*starts, owner_id):
        seen: set[str] = set()
        person = everyone.get(start)
        while person is not None and person.id not in seen:
            if fits(person):
                return person
            seen.add(person.id)
            person = everyone.get(person.manager_id)
    return min((p for p in everyone.values() if fits(p)), key=lambda p: p.username,
               default=None)
