"""Who approves a contract, by amount: an ordered list of levels that admins edit.

Chain rule (the issue leaves it open; this is the choice): a contract passes every level
whose threshold it reaches, lowest first. Default: every contract needs the region's
manager (区域总监); from 500,000 CNY the sales VP as well; above 2,000,000 CNY the general
manager last. A big deal is thus seen by the people who know it best before it reaches
the top, and each level only ever decides what the one below already accepted.

Approvers are resolved from the org directory when the contract is submitted: the
manager of the deal's region, or a named user. A price below the accepted quote is also a
discount, judged by the quotes' discount limits (contract_discount), never by a second
set of thresholds here. Pure; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.domain.errors import InvalidField, TransitionRefused

REGION_MANAGER, USER = "region_manager", "user"
MAX_LEVELS, MAX_LABEL = 10, 40
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Level:
    code: str
    label: str
    from_fen: int              # applies to contracts of at least this amount
    approver_kind: str         # region_manager | user
    approver_username: str = ""


DEFAULT_LEVELS: tuple[Level, ...] = (
    Level("regional_director", "区域总监", 0, REGION_MANAGER),
    Level("sales_vp", "销售副总裁", 50_000_000, USER, "vp"),          # 500,000 CNY
    Level("general_manager", "总经理", 200_000_001, USER, "gm"),      # above 2,000,000 CNY
)


@dataclass(frozen=True)
class Person:
    id: str
    username: str
    role: str
    region_id: str
    manager_id: str
    active: bool
    managed_region_ids: tuple[str, ...] = ()
    display_name: str = ""


@dataclass(frozen=True)
class Assignee:
    level: Level
    approver_id: str
    escalate_to_id: str        # the approver's manager; themselves when they have none
    reason: str = ""           # zh-CN, why this step is asked (contract_discount)
    # The discount (basis points) this step answers for: whoever holds it, the approver or
    # a delegate, must be allowed to approve that much (pricing.may_approve). 0: none.
    discount_bp: int = 0


def approval_amount(*, price_fen: int, quote_total_fen: int) -> int:
    """What a contract is approved as: its price, or its accepted quote's total when the
    price is lower. The contract still commits the company to deliver everything the
    quote lists, so cutting the price (to 1 CNY, say) must not take away the approvers
    that delivery needs: before, a 1,056,000 CNY quote signed at 1 CNY reached only the
    region's manager. A price above the quote sizes the chain itself."""
    return max(price_fen, quote_total_fen)


def chain(levels: Iterable[Level], amount_fen: int) -> list[Level]:
    return [level for level in levels if amount_fen >= level.from_fen]


def resolve(levels: Iterable[Level], *, amount_fen: int, region_id: str,
            people: Iterable[Person], owner_id: str = "") -> list[Assignee]:
    """The approvers of a contract, in order; TransitionRefused naming the level nobody
    fills (an admin must fix the org chart or the matrix before it can be submitted).
    Nobody approves their own contract: a level that would fall to the deal's owner (a
    manager's own deal) goes to the owner's manager."""
    active = [p for p in people if p.active]
    found = []
    for level in chain(levels, amount_fen):
        person = _who(level, region_id, active)
        if person is not None and owner_id and person.id == owner_id:
            person = next((p for p in active if p.id == person.manager_id), None)
        if person is None:
            raise TransitionRefused(f"审批层级「{level.label}」没有可用的审批人，请联系管理员")
        # Nobody above (the general manager): the escalation is a second reminder.
        found.append(Assignee(level, person.id, person.manager_id or person.id))
    return found


def _who(level: Level, region_id: str, people: list[Person]) -> Person | None:
    if level.approver_kind == USER:
        return next((p for p in people if p.username == level.approver_username), None)
    managers = sorted((p for p in people if p.role == "manager" and region_id
                       and region_id in (p.region_id, *p.managed_region_ids)),
                      key=lambda p: p.username)
    return managers[0] if managers else None


def validated(levels: Iterable[Level]) -> tuple[Level, ...]:
    """An admin's matrix: 1–10 levels, the first from 0, thresholds strictly rising,
    codes unique, each approver a region manager or a named user."""
    cleaned: list[Level] = []
    for i, level in enumerate(levels):
        where = f"levels.{i}"
        if not _CODE.match(level.code) or any(c.code == level.code for c in cleaned):
            raise InvalidField(f"{where}.code", "层级代码须为小写字母开头的 a-z0-9_，且不重复")
        label = " ".join(level.label.split())
        if not label or len(label) > MAX_LABEL:
            raise InvalidField(f"{where}.label", f"名称不能为空且不超过 {MAX_LABEL} 个字符")
        if i == 0 and level.from_fen != 0:
            raise InvalidField(f"{where}.from_fen", "第一个层级须从 0 元起")
        if cleaned and level.from_fen <= cleaned[-1].from_fen:
            raise InvalidField(f"{where}.from_fen", "金额门槛须逐级递增")
        username = level.approver_username.strip()
        if level.approver_kind not in (REGION_MANAGER, USER):
            raise InvalidField(f"{where}.approver_kind", "审批人类型须为 region_manager 或 user")
        if level.approver_kind == USER and not username:
            raise InvalidField(f"{where}.approver_username", "请指定审批人用户名")
        cleaned.append(Level(level.code, label, level.from_fen, level.approver_kind,
                             username if level.approver_kind == USER else ""))
    if not 1 <= len(cleaned) <= MAX_LEVELS:
        raise InvalidField("levels", f"审批矩阵须有 1 到 {MAX_LEVELS} 个层级")
    return tuple(cleaned)
