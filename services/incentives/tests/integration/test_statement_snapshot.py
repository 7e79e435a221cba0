"""Finance opens the month's statements while a deal is being won: each statement is read
from one snapshot, so its signed amount, its commission and its process score describe
the same moment (read in two transactions, the deal counted in the signed amount and the
commission but not in the score beside them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from incentives.service_layer import payouts
from incentives.service_layer.deps import Deps
from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal

from .test_weekly_payouts import WAN, sign

pytestmark = pytest.mark.integration
FINANCE = Principal(user_id="fin", username="finance", role="finance")
REP, MONTH = "it-rep-04", "2031-03"


async def statement(deps: Deps) -> pb.Payout:
    reply = await payouts.list_payouts(pb.ListPayoutsRequest(period=MONTH, page_size=500),
                                       FINANCE, deps)
    return next(p for p in reply.payouts if p.user_id == REP)


def figures(p: pb.Payout) -> tuple[int, int, float]:
    return p.signed_fen, p.amount_fen, p.process_score


async def test_a_deal_won_while_a_statement_is_read_is_in_all_its_figures_or_none(
    deps: Deps, monkeypatch: pytest.MonkeyPatch,
) -> None:
    await sign(deps, REP, (2031, 3, 5), 20 * WAN)
    before = await statement(deps)
    read_signings: Callable[..., Any] = payouts.signed_days

    async def deal_won_meanwhile(*args: Any) -> Any:
        # the scores are read; the deal commits before the signings are
        await sign(deps, REP, (2031, 3, 6), 30 * WAN)
        return await read_signings(*args)

    monkeypatch.setattr(payouts, "signed_days", deal_won_meanwhile)
    during = await statement(deps)
    monkeypatch.setattr(payouts, "signed_days", read_signings)
    after = await statement(deps)
    assert figures(during) == figures(before)
    assert after.signed_fen == 50 * WAN and after.process_score != before.process_score
