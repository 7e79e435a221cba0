"""Finance at the end of a month in which a scheme-B trial started on a Wednesday: the
month is cut at the trial's first day, the days before paid by scheme A's tiers, the
days after from the scheme-B pool, so the four weekly statements add up to the month's
to the fen (the month used to stay on scheme A for all its signings while its last weeks
paid the pool: the same deals paid twice)."""

from __future__ import annotations

from typing import Any

import pytest
from incentives.service_layer.deps import Deps
from salesos.incentives.v1 import incentives_pb2 as pb

from .test_weekly_payouts import WAN, sign, statement

pytestmark = pytest.mark.integration
# February 2027 is exactly ISO weeks 5–8 (Mon 1 Feb – Sun 28 Feb).
WEEKS = [f"2027-W0{n}" for n in range(5, 9)]
SOLD, NEWCOMER = "it-rep-09", "it-rep-10"


def a_part(p: pb.Payout) -> int:
    return sum(x.amount_fen for x in p.lines if x.rate_bp)   # tier lines


def pools(p: pb.Payout) -> int:
    return sum(x.base_fen for x in p.lines if not x.rate_bp)


async def test_a_month_a_trial_starts_in_is_split_at_its_first_day_and_its_weeks_add_up(
    stub: Any, auth: Any, deps: Deps,
) -> None:
    await stub.CreateExperiment(pb.CreateExperimentRequest(
        name="二月中方案B试点", unit="rep", starts_on="2027-02-17", ends_on="2027-03-31",
        arm_a=["it-rep-08"], arm_b=[SOLD, NEWCOMER]), metadata=auth("director"))
    await sign(deps, SOLD, (2027, 2, 2), 60 * WAN)       # on A: 10,000 + 3,000 元
    await sign(deps, SOLD, (2027, 2, 18), 20 * WAN)      # on B from here
    await sign(deps, SOLD, (2027, 2, 24), 10 * WAN)
    await sign(deps, NEWCOMER, (2027, 2, 20), 10 * WAN)
    month = await statement(stub, auth, "2027-02", SOLD)
    assert month.scheme == "A+B" and month.signed_fen == 90 * WAN
    assert a_part(month) == 1_300_000                    # only the A days' signings
    assert pools(month) == 1_200_000                     # 3 % of the 400,000 元 on B
    assert "02-17至02-28" in month.lines[-1].label and "方案B" in month.rounding
    assert month.amount_fen == a_part(month) + month.lines[-1].amount_fen
    weeks = {w: await statement(stub, auth, w, SOLD) for w in WEEKS}
    assert [weeks[w].scheme for w in WEEKS] == ["A", "A", "A+B", "B"]
    assert sum(a_part(weeks[w]) for w in WEEKS) == a_part(month)
    assert sum(pools(weeks[w]) for w in WEEKS) == pools(month)
    newcomer = await statement(stub, auth, "2027-02", NEWCOMER)
    both = (await stub.ListPayouts(pb.ListPayoutsRequest(period="2027-02", page_size=500),
                                   metadata=auth("finance"))).payouts
    assert sum(p.amount_fen - a_part(p) for p in both if p.user_id in (SOLD, NEWCOMER)) \
        == pools(month) == pools(newcomer)
