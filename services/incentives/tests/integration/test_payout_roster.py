"""A manager opening the payout statements of their region: the statements are scoped and
computed from one reading of the sales roster, not two that could disagree."""

from __future__ import annotations

from typing import Any

import pytest
from incentives.adapters.org import Member, StaticDirectory
from incentives.service_layer import payouts
from incentives.service_layer.deps import Deps
from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal

from .conftest import EAST, roster

pytestmark = pytest.mark.integration


class CountingDirectory(StaticDirectory):
    """The roster, counting how often it is asked for."""

    def __init__(self, members: list[Member]) -> None:
        super().__init__(members)
        self.asked = 0

    async def people(self) -> list[Member]:
        self.asked += 1
        return await super().people()

    async def reps(self) -> list[Member]:
        self.asked += 1
        return await super().reps()


async def test_a_managers_payouts_read_the_rep_roster_once(deps: Deps, clock: Any) -> None:
    directory = CountingDirectory(roster())
    counted = Deps(sessions=deps.sessions, org=directory, clock=clock)
    manager = Principal(user_id="mgr-e", username="mgr-east", role="manager",
                        region_ids=(EAST,))
    reply = await payouts.list_payouts(pb.ListPayoutsRequest(period="2026-10"), manager,
                                       counted)
    assert {p.region_id for p in reply.payouts} == {EAST} and len(reply.payouts) == 7
    assert directory.asked == 1
