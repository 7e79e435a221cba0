"""Who may see and redraw the org directory's admin lists (regions, departments): admins
change them; directors read them too, since they plan the organisation with the admin
but do not redraw it themselves. People have their own rule (user_reads.allow)."""

from __future__ import annotations

from gateway.problems import Problem


def allow(role: str, *, write: bool, what: str) -> None:
    """403 unless `role` may read (`write=False`) or change the list of `what` (区域, 部门),
    named in the message."""
    if role == "admin" or (not write and role == "director"):
        return
    raise Problem(403, "forbidden", detail=f"只有管理员可以管理{what}" if write
                  else f"只有管理员或总监可以查看{what}")
