"""Finance closes a month in which a rep left on the 20th: the leaver still has a
statement paying what they signed before leaving (they vanished from the payouts the
moment the admin deactivated them), and a leaver who signed nothing has none."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from incentives.adapters.org import StaticDirectory
from incentives.service_layer import payouts
from incentives.service_layer.deps import Deps
from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal

from .conftest import EAST, roster
from .test_weekly_payouts import WAN, sign

pytestmark = pytest.mark.integration
LEFT, LEFT_IDLE = "it-rep-03", "it-rep-02"


async def test_a_rep_who_left_mid_month_is_paid_what_they_signed_before_leaving(
    deps: Deps, clock: Any,
) -> None:
    await sign(deps, LEFT, (2031, 5, 8), 40 * WAN)
    people = [replace(m, active=False) if m.id in (LEFT, LEFT_IDLE) else m for m in roster()]
    after_leaving = Deps(sessions=deps.sessions, org=StaticDirectory(people), clock=clock)
    finance = Principal(user_id="fin", username="finance", role="finance")
    rows = {p.user_id: p for p in (await payouts.list_payouts(
        pb.ListPayoutsRequest(period="2031-05", page_size=500), finance,
        after_leaving)).payouts}
    assert rows[LEFT].signed_fen == 40 * WAN and rows[LEFT].amount_fen == 800_000  # 2 %
    assert LEFT_IDLE not in rows
    manager = Principal(user_id="mgr-e", username="mgr-east", role="manager",
                        region_ids=(EAST,))
    theirs = await payouts.list_payouts(pb.ListPayoutsRequest(period="2031-05"), manager,
                                        after_leaving)
    assert LEFT in {p.user_id for p in theirs.payouts}
