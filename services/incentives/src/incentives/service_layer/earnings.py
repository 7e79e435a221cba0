"""Who may read what a person earns: payout statements (commission or pool share, with
their lines) and habit rewards. Finance and the director read everyone's, a manager
their regions', a rep their own. Admins run the system (IT and operations), not the
payroll: refused outright, although the shared scope rule lets them see every record.
Definitions that hold nobody's earnings (KPIs, experiments and their per-arm results)
are not governed here."""

from __future__ import annotations

from servicekit.auth import Principal
from servicekit.errors import PermissionDenied

SEE_ALL = frozenset({"finance", "director", "service"})
NOT_FOR = frozenset({"admin"})
REFUSAL = "管理员负责系统运维，不能查看个人的提成、结算或奖励金额；请由财务或总监查看"


def refuse_admins(principal: Principal) -> None:
    if principal.role in NOT_FOR:
        raise PermissionDenied(REFUSAL)
