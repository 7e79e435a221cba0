"""Who may see and work a deal: the same rule as leads. Out of scope reads as "not
found", so a deal's existence never leaks."""

from __future__ import annotations

from servicekit.scope import Scope, can_read, scope_for

__all__ = ["FINANCE", "OPENER_ROLES", "Scope", "can_read", "may_work", "scope_for"]

OPENER_ROLES = frozenset({"rep", "manager"})
# Finance sees no deal, but every quote once issued and every contract once submitted:
# what sales commits the company to (quote_reads, contracting.may_see).
FINANCE = "finance"


def may_work(*, role: str) -> bool:
    """Advance stages and tick steps: whoever sees the deal, except the service token
    (automation moves deals through events, not by pretending to be a person)."""
    return role in ("rep", "manager", "director", "admin")
