"""Finance reads a rep's weekly statements of a month and adds them up: they must make the
month's statement, the tiers being a month's (the bug paid every week at 2 %)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from incentives.adapters import fact_repo
from incentives.domain import facts as f
from incentives.domain.periods import SHANGHAI
from incentives.service_layer.deps import Deps
from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.uow import UnitOfWork

pytestmark = pytest.mark.integration
WAN = 1_000_000  # 10,000 元 in fen
# September 2030: W35 ends on Sun 1 Sep, W40 runs Mon 30 Sep – Sun 6 Oct.
WEEKS = [f"2030-W{n}" for n in range(35, 41)]


async def sign(deps: Deps, rep: str, day: tuple[int, int, int], fen: int) -> None:
    async with UnitOfWork(deps.sessions, source="incentives") as uow:
        await fact_repo.append(uow.session, [f.Fact(
            f"won-{uuid.uuid4()}", "pipeline.deal_won", f.DEAL_WON, rep, "r", f"o-{rep}",
            datetime(*day, 10, tzinfo=SHANGHAI), True, fen)])
        await uow.commit()


async def statement(stub: Any, auth: Any, period: str, rep: str) -> pb.Payout:
    reply = await stub.ListPayouts(pb.ListPayoutsRequest(period=period, page_size=500),
                                   metadata=auth("finance"))
    return next(p for p in reply.payouts if p.user_id == rep)


async def test_a_reps_weekly_statements_add_up_to_the_months_to_the_fen(
    stub: Any, auth: Any, deps: Deps,
) -> None:
    for day in (3, 10, 17, 24):                       # 400,000 元 in each of W36–W39
        await sign(deps, "it-rep-05", (2030, 9, day), 40 * WAN)
    await sign(deps, "it-rep-05", (2030, 9, 30), 5 * WAN)   # W40, still September
    await sign(deps, "it-rep-05", (2030, 10, 1), 10 * WAN)  # W40, October starts at 2 %
    month = await statement(stub, auth, "2030-09", "it-rep-05")
    assert month.amount_fen == 5_100_000     # 10,000 + 15,000 + 650,000 × 4 % 元
    weeks = {w: await statement(stub, auth, w, "it-rep-05") for w in WEEKS}
    assert [weeks[w].amount_fen for w in WEEKS] == [
        0, 800_000, 1_100_000, 1_400_000, 1_600_000, 200_000 + 200_000]
    september = [x for w in WEEKS for x in weeks[w].lines if x.month == "2030-09"]
    assert sum(x.amount_fen for x in september) == month.amount_fen
    w40 = weeks["2030-W40"]
    assert w40.signed_fen == 15 * WAN and "跨月" in w40.rounding
    assert [(x.month, x.rate_bp, x.month_to_date_before_fen, x.month_to_date_after_fen,
             x.commission_to_date_before_fen, x.commission_to_date_after_fen)
            for x in w40.lines] == [("2030-09", 400, 160 * WAN, 165 * WAN, 4_900_000, 5_100_000),
                                    ("2030-10", 200, 0, 10 * WAN, 0, 200_000)]


async def test_a_week_is_on_scheme_b_when_a_trial_holds_the_rep_on_its_monday(
    stub: Any, auth: Any, deps: Deps,
) -> None:
    await stub.CreateExperiment(pb.CreateExperimentRequest(
        name="九月中试点", unit="rep", starts_on="2030-09-16", ends_on="2030-09-29",
        arm_a=["it-rep-12"], arm_b=["it-rep-11"]), metadata=auth("director"))
    await sign(deps, "it-rep-11", (2030, 9, 17), 1 * WAN)
    schemes = {w: (await statement(stub, auth, w, "it-rep-11")).scheme for w in WEEKS}
    assert schemes == {"2030-W35": "A", "2030-W36": "A", "2030-W37": "A", "2030-W38": "B",
                       "2030-W39": "B", "2030-W40": "A"}
    w38 = await statement(stub, auth, "2030-W38", "it-rep-11")
    assert w38.amount_fen == w38.lines[0].base_fen == 30_000  # the whole pool: 3 % of 10,000 元
    # the month is cut at the trial's first day and its last: scheme A before and after
    assert (await statement(stub, auth, "2030-09", "it-rep-11")).scheme == "A+B"
