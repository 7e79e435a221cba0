"""How much discount a delegate may approve, for the steps a delegation hands them: the
rule that sized a contract's approvers by its discount (contract_discount, the quotes'
discount limits) binds whoever holds a step for them.

- `PUT /me/delegation`: every step pending or waiting for the approver that answers for a
  discount must be within the delegate's power, else 422 on `to_user_id`, nothing changed.
- A step that starts later, while the delegation runs (a new submission, the level below
  approved): it goes to the delegate only within their power; beyond it, it stays with
  its approver (reminded and escalated as usual). The org chart or the limits may have
  changed since the delegation was set, so this is asked again each time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from servicekit.errors import FieldError
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import approval_repo, catalogue_repo
from pipeline.domain.approval_matrix import Person
from pipeline.domain.approval_steps import WAITING, Step
from pipeline.domain.contract_discount import power_of, powers_of
from pipeline.domain.pricing import ROLE_LABELS, percent
from pipeline.service_layer.contract_deps import ContractDeps


async def delegates_powers(session: AsyncSession, deps: ContractDeps, steps: Iterable[Step],
                           delegations: Mapping[str, str]) -> dict[str, int]:
    """The powers of the delegates who would take over a waiting discount step; asks the
    directory (OrgUnavailable when down) only when there is such a step."""
    wanted = {delegations[s.approver_id] for s in steps
              if s.status == WAITING and s.discount_bp > 0 and s.approver_id in delegations}
    if not wanted:
        return {}
    people = [p for p in await deps.org.people() if p.id in wanted]
    return powers_of(people, await catalogue_repo.limits(session))


async def check_delegate_power(session: AsyncSession, *, approver_id: str,
                               delegate: Person) -> None:
    """FieldError on `to_user_id` when a discount step of this approver is beyond the
    delegate's power (the largest first)."""
    steps = await approval_repo.open_discount_steps_of(session, approver_id=approver_id)
    if not steps:
        return
    power = power_of(delegate, await catalogue_repo.limits(session))
    number, needed = steps[0]
    if power >= needed:
        return
    held = (f"{ROLE_LABELS.get(delegate.role, delegate.role)}最多可批折扣 {percent(power)}"
            if power >= 0 else "无折扣审批权限")
    raise FieldError("to_user_id", f"被委托人{held}，不能代批合同 {number} 的折扣 "
                                   f"{percent(needed)}：请委托给权限足够的人")
