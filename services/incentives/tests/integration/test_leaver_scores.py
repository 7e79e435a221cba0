"""Finance checks a month's statements against the scores screen: a rep who left in
the month after signing a deal has a statement (test_leaver_payouts.py), and now a row
on the scores screen with the same process score, and its breakdown opens; a leaver
who signed nothing in the month is on neither."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from incentives.adapters.org import StaticDirectory
from incentives.service_layer import payouts, scores
from incentives.service_layer.deps import Deps
from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal

from .conftest import roster
from .test_weekly_payouts import WAN, sign

pytestmark = pytest.mark.integration
LEFT, LEFT_IDLE, SIGNED_BEFORE = "it-rep-04", "it-rep-05", "it-rep-08"
FINANCE = Principal(user_id="fin", username="finance", role="finance")


async def test_a_leaver_who_signed_in_the_month_is_on_the_scores_screen_like_on_payouts(
    deps: Deps, clock: Any,
) -> None:
    await sign(deps, LEFT, (2031, 9, 9), 30 * WAN)
    await sign(deps, SIGNED_BEFORE, (2031, 8, 28), 10 * WAN)  # the month before: not this
    gone = (LEFT, LEFT_IDLE, SIGNED_BEFORE)
    people = [replace(m, active=False) if m.id in gone else m for m in roster()]
    after_leaving = Deps(sessions=deps.sessions, org=StaticDirectory(people), clock=clock)

    listed = await scores.list_scores(pb.ListScoresRequest(period="2031-09", page_size=500),
                                      FINANCE, after_leaving)
    rows = {s.unit_id: s for s in listed.scores}
    assert LEFT in rows and rows[LEFT].label == "销售04"
    assert LEFT_IDLE not in rows and SIGNED_BEFORE not in rows
    statements = {p.user_id: p for p in (await payouts.list_payouts(
        pb.ListPayoutsRequest(period="2031-09", page_size=500), FINANCE,
        after_leaving)).payouts}
    assert set(rows) == set(statements)
    assert rows[LEFT].score == statements[LEFT].process_score

    opened = await scores.breakdown(LEFT, "2031-09", FINANCE, after_leaving)
    assert opened.score.unit_id == LEFT
    assert any(c.event_type == "pipeline.deal_won" for c in opened.contributions)
