"""A deal signed at 23:59 on the last day of January in Shanghai counts in January's
statement, and one signed half an hour into February (still 31 January in UTC) in
February's: months are Asia/Shanghai months, whatever the event's UTC timestamp says."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from incentives.domain.periods import SHANGHAI
from incentives.entrypoints.consumers import on_event
from incentives.service_layer.deps import Deps
from salesos.events.v1 import pipeline_pb2 as pe
from servicekit.envelope import new_envelope
from servicekit.uow import UnitOfWork

from .test_weekly_payouts import WAN, statement

pytestmark = pytest.mark.integration
REP = "it-rep-06"


async def test_a_deal_won_at_2359_on_the_last_of_the_month_counts_in_that_month(
    stub: Any, auth: Any, deps: Deps,
) -> None:
    for at, fen in ((datetime(2031, 1, 31, 23, 59, 30, tzinfo=SHANGHAI), 10 * WAN),
                    (datetime(2031, 2, 1, 0, 30, tzinfo=SHANGHAI), 20 * WAN)):
        won_at = Timestamp()
        won_at.FromDatetime(at)
        event = pe.DealWon(opportunity_id=f"o-{uuid.uuid4()}", owner_id=REP,
                           region_id="region-east", amount_fen=fen, won_at=won_at)
        envelope = new_envelope(event, type="pipeline.deal_won", source="pipeline",
                                aggregate_id=event.opportunity_id)
        async with UnitOfWork(deps.sessions, source="incentives") as uow:
            await on_event(deps)(uow, envelope, event)
            await uow.commit()
    january = await statement(stub, auth, "2031-01", REP)
    assert (january.signed_fen, january.amount_fen) == (10 * WAN, 200_000)  # 2 %
    assert (await statement(stub, auth, "2031-02", REP)).signed_fen == 20 * WAN
    week = await statement(stub, auth, "2031-W05", REP)  # Mon 27 Jan – Sun 2 Feb
    assert week.signed_fen == 30 * WAN and [x.month for x in week.lines] == ["2031-01",
                                                                            "2031-02"]
