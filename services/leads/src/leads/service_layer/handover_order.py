"""A leaver's handover order and the checks every mode makes before anything moves
(leaver_handover.py: to one successor; leaver_redistribution.py: through the rules).

Reasons name people as the directory shows them (周婷), the login when it has no name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from servicekit.errors import FieldError
from servicekit.orgdir import OrgUnavailable

from leads.domain.assignment import Candidate
from leads.domain.normalise import InvalidField, free_text
from leads.service_layer.handlers import Deps
from leads.service_layer.rules_admin import DirectoryUnavailable

BATCH = 200  # leads a transaction moves, in either mode
SUBJECT = "leads.handed_over"  # each batch's summary, in either mode
SUCCESSOR_ROLES = frozenset({"rep", "manager"})


@dataclass(frozen=True)
class HandOver:
    handover_id: str
    from_user: Candidate
    to_user: Candidate
    by: Candidate
    reason: str = ""
    leaver_manager_id: str = ""

    @property
    def note(self) -> str:
        """The assignment reason each lead shows: 离职交接：由 X 转给 Y（原因）."""
        why = f"（{self.reason}）" if self.reason else ""
        return f"离职交接：由 {self.from_user.shown} 转给 {self.to_user.shown}{why}"



def checked_reason(order: HandOver) -> str:
    try:
        return free_text("reason", order.reason, max_length=200)
    except InvalidField as error:
        raise FieldError.of(error) from error


async def checked_successor(order: HandOver, deps: Deps) -> Candidate:
    """Checked here whoever calls (the gateway checks too, but a partner's service token
    or a bug upstream must not hand leads to a stopped, finance or unknown user); named as
    the directory knows them, not as the caller wrote."""
    if not order.to_user.user_id:
        raise FieldError("to_user_id", "须指定接手人")
    if order.to_user.user_id == order.from_user.user_id:
        raise FieldError("to_user_id", "接手人不能是交出人本人")
    try:
        successor = await deps.org.get_user(order.to_user.user_id)
    except OrgUnavailable as error:
        raise DirectoryUnavailable("组织目录暂时不可用") from error
    if successor is None or not successor.active or successor.role not in SUCCESSOR_ROLES:
        raise FieldError("to_user_id", "接手人须为在岗的销售或经理")
    return Candidate(successor.id, successor.username, successor.display_name)


async def named_leaver(order: HandOver, deps: Deps) -> Candidate:
    """The leaver with the directory's display name for the reasons (the directory knows
    deactivated people too); the login when it has none."""
    try:
        found = await deps.org.get_user(order.from_user.user_id)
    except OrgUnavailable as error:
        raise DirectoryUnavailable("组织目录暂时不可用") from error
    return replace(order.from_user, display_name=found.display_name if found else "")
