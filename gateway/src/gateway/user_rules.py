"""What makes a user record sound, as pure functions (no I/O): the username and password
policies, and what each role needs (a rep a region, an engineer a department, a manager
regions to manage) and whom it may report to. Each failure names its field."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from servicekit.invalid import InvalidField

ROLE_ZH = {"rep": "销售", "manager": "经理", "director": "总监", "engineer": "工程师",
           "finance": "财务", "admin": "管理员"}
# Whom each role may report to (manager_id): the reporting line approvals and work-order
# escalations climb. A team lead of the same trade counts (engineers report to 赵工).
REPORTS_TO: Mapping[str, frozenset[str]] = {
    "rep": frozenset({"manager", "director"}),
    "manager": frozenset({"director"}),
    "director": frozenset({"director"}),
    "engineer": frozenset({"engineer", "director"}),
    "finance": frozenset({"finance", "director"}),
    "admin": frozenset({"admin", "director"}),
}
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
PASSWORD_MIN, PASSWORD_MAX = 10, 128


def normal_username(raw: str) -> str:
    """Lower-case; 2–32 of a–z, 0–9, `.`, `_`, `-`, starting with a letter or digit
    (what a login box, a URL and an export all take without surprises)."""
    username = raw.strip().lower()
    if not _USERNAME.fullmatch(username):
        raise InvalidField("username", "用户名须为 2–32 位小写字母、数字或 . _ -，"
                                       "且以字母或数字开头")
    return username


def check_password(password: str, *, username: str, field: str = "password") -> None:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise InvalidField(field, f"密码长度须为 {PASSWORD_MIN}–{PASSWORD_MAX} 位")
    kinds = sum(bool(re.search(p, password)) for p in (r"[A-Za-z]", r"\d", r"[^A-Za-z\d]"))
    if kinds < 2:
        raise InvalidField(field, "密码须包含字母、数字、符号中的至少两类")
    if username and username.lower() in password.lower():
        raise InvalidField(field, "密码不能包含用户名")
    if len(set(password)) < 4:
        raise InvalidField(field, "密码过于简单")


# Letters and digits a person reads off a sheet without mistaking one for another.
_HANDWRITABLE = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def temporary_password(username: str) -> str:
    """A random password an admin hands over (xxxx-xxxx-xxxx, ~70 bits), passing
    check_password like one the admin typed; temporary like those."""
    while True:
        groups = ("".join(secrets.choice(_HANDWRITABLE) for _ in range(4)) for _ in range(3))
        password = "-".join(groups)
        try:
            check_password(password, username=username)
        except InvalidField:  # a rare draw holding the username: draw again
            continue
        return password


@dataclass(frozen=True)
class Shape:
    """A user as it would be after the write, with what it refers to already found."""

    user_id: uuid.UUID | None
    role: str
    region_id: uuid.UUID | None
    department_id: uuid.UUID | None
    manager_id: uuid.UUID | None
    managed_region_ids: tuple[uuid.UUID, ...]
    check_manager: bool = True  # False: the line above is left as it stands


@dataclass(frozen=True)
class Known:
    """What the references point at: region and department ids that exist, and the
    proposed manager's role and whether they are active (None: no such user)."""

    region_ids: frozenset[uuid.UUID]
    department_ids: frozenset[uuid.UUID]
    manager: tuple[str, bool] | None
    manager_chain: tuple[uuid.UUID, ...] = ()  # the manager's own line upwards
    # Retired departments the user is not already in: no one joins one any more.
    retired_department_ids: frozenset[uuid.UUID] = frozenset()
    # Functional (work-order queue) departments the user is not already in.
    functional_department_ids: frozenset[uuid.UUID] = frozenset()

# Sales people work by region; a functional department's members read its whole work-order
# queue, every region's customers included, so a rep or manager never joins one.
SALES_ROLES = frozenset({"rep", "manager"})


def check_shape(shape: Shape, known: Known) -> None:
    role = shape.role
    if shape.region_id is not None and shape.region_id not in known.region_ids:
        raise InvalidField("region_id", "区域不存在")
    if role == "rep" and shape.region_id is None:
        raise InvalidField("region_id", "销售必须属于一个区域")
    if shape.department_id is not None and shape.department_id not in known.department_ids:
        raise InvalidField("department_id", "部门不存在")
    if shape.department_id in known.retired_department_ids:
        raise InvalidField("department_id", "部门已撤销，不能再加入；请选择其他部门")
    if role in SALES_ROLES and shape.department_id in known.functional_department_ids:
        raise InvalidField("department_id", f"{ROLE_ZH[role]}只能属于销售部门（或不填部门）："
                                            "职能部门的成员可查看该部门全部区域的工单")
    if role == "engineer" and shape.department_id is None:
        raise InvalidField("department_id", "工程师必须属于一个部门（其工单按部门分派）")
    _check_managed(shape, known)
    _check_manager(shape, known)


def _check_managed(shape: Shape, known: Known) -> None:
    if shape.role != "manager":
        if shape.managed_region_ids:
            raise InvalidField("managed_region_ids", "只有经理可以管理区域")
        return
    if not shape.managed_region_ids:
        raise InvalidField("managed_region_ids", "经理至少管理一个区域")
    if any(r not in known.region_ids for r in shape.managed_region_ids):
        raise InvalidField("managed_region_ids", "区域不存在")


def _check_manager(shape: Shape, known: Known) -> None:
    if shape.manager_id is None or not shape.check_manager:
        return
    if shape.manager_id == shape.user_id:
        raise InvalidField("manager_id", "上级不能是本人")
    if known.manager is None:
        raise InvalidField("manager_id", "上级用户不存在")
    manager_role, active = known.manager
    if not active:
        raise InvalidField("manager_id", "上级用户已停用")
    allowed = REPORTS_TO[shape.role]
    if manager_role not in allowed:
        names = "、".join(ROLE_ZH[r] for r in sorted(allowed))
        raise InvalidField("manager_id", f"{ROLE_ZH[shape.role]}的上级须为{names}，"
                                         f"该用户是{ROLE_ZH.get(manager_role, manager_role)}")
    if shape.user_id is not None and shape.user_id in known.manager_chain:
        raise InvalidField("manager_id", "汇报关系不能成环")


def check_rep_has_manager(shape: Shape) -> None:
    """A rep reports to someone: their team (incentives), quote approvals and lead
    escalations all climb that line; without it they were scored in a bare "团队".
    Judged, like the line itself, when it is set or the role changes."""
    if shape.role == "rep" and shape.manager_id is None and shape.check_manager:
        raise InvalidField("manager_id", "销售必须有上级（经理或总监）："
                                         "团队、审批和升级都按汇报关系")
