"""What a deal's stage change does to its waiting discount (stage_rules.discount_move)."""

from __future__ import annotations

import pytest
from pipeline.domain.stage_rules import HOLD, RESUME, discount_move


@pytest.mark.parametrize(("came_from", "to", "does"), [
    ("solution_design", "needs_confirmed", HOLD),   # the solution is being redone
    ("quote", "lead", HOLD),
    ("needs_confirmed", "solution_design", RESUME),  # back where it was priced
    ("first_visit", "quote", RESUME),
    ("needs_confirmed", "first_visit", ""),          # still before 方案设计: still on hold
    ("quote", "solution_design", ""),                # still decidable
    ("solution_design", "contract", ""),
    ("needs_confirmed", "lost", ""),                 # the loss withdraws it for its own reason
    ("quote", "lost", ""),
])
def test_a_waiting_discount_is_held_only_while_its_deal_stands_before_solution_design(
        came_from: str, to: str, does: str) -> None:
    assert discount_move(came_from, to) == does
