"""The six stage codes every process has, in order, and the two ways a deal closes.

The codes are part of the API contract (clients branch on them); an admin edits labels,
steps, gates and durations, never the codes or their order.
"""

from __future__ import annotations

LEAD, FIRST_VISIT, NEEDS_CONFIRMED = "lead", "first_visit", "needs_confirmed"
SOLUTION_DESIGN, QUOTE, CONTRACT = "solution_design", "quote", "contract"
WON, LOST = "won", "lost"
ORDER: tuple[str, ...] = (LEAD, FIRST_VISIT, NEEDS_CONFIRMED, SOLUTION_DESIGN, QUOTE, CONTRACT)
CLOSED: tuple[str, ...] = (WON, LOST)
DEFAULT_LABELS = {
    LEAD: "线索", FIRST_VISIT: "初访", NEEDS_CONFIRMED: "需求确认",
    SOLUTION_DESIGN: "方案设计", QUOTE: "报价", CONTRACT: "签约", WON: "赢单", LOST: "丢单",
}
OPEN = "open"  # status of a deal in one of the six stages; closed deals are `won` / `lost`


def position(code: str) -> int:
    return ORDER.index(code)
