"""Finance pays habit rewards by month: a reward granted late on the 31st (Shanghai) is
October's, one granted just after midnight on the 1st is November's — not shifted by the
8 hours between Shanghai and UTC."""

from __future__ import annotations

import base64
import uuid
from datetime import date, datetime
from typing import Any

import grpc
import pytest
from incentives.adapters.orm import rewards
from incentives.domain.periods import SHANGHAI
from incentives.service_layer.deps import Deps
from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.errors import field_violations
from servicekit.uow import UnitOfWork

pytestmark = pytest.mark.integration


async def _granted(deps: Deps, user: str, at: datetime) -> None:
    async with UnitOfWork(deps.sessions, source="incentives") as uow:
        await uow.session.execute(rewards.insert().values(
            id=str(uuid.uuid4()), user_id=user, region_id="region-east", kind="streak_7",
            label="交通补贴", amount_fen=5_000, granted_at=at, streak_end=at.date()))
        await uow.commit()


async def test_rewards_of_a_month_are_those_granted_in_it_in_shanghai_time(
        stub: Any, auth: Any, deps: Deps) -> None:
    user = f"period-rep-{uuid.uuid4()}"
    await _granted(deps, user, datetime(2026, 10, 31, 23, 30, tzinfo=SHANGHAI))  # 15:30 UTC
    await _granted(deps, user, datetime(2026, 11, 1, 0, 30, tzinfo=SHANGHAI))    # 16:30 UTC
    finance = auth("finance")

    async def days(period: str) -> list[date]:
        found = await stub.ListRewards(pb.ListRewardsRequest(user_id=user, period=period),
                                       metadata=finance)
        return [date.fromisoformat(r.streak_end) for r in found.rewards]

    assert await days("2026-10") == [date(2026, 10, 31)]
    assert await days("2026-11") == [date(2026, 11, 1)]
    assert await days("2026-W44") == [date(2026, 11, 1), date(2026, 10, 31)]  # Mon 10-26
    assert len(await days("")) == 2
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await days("2026-13")
    assert field_violations(refused.value)[0][0] == "period"


async def test_finance_pages_through_rewards_and_a_tampered_cursor_is_refused(
        stub: Any, auth: Any, deps: Deps) -> None:
    user, finance = f"paged-rep-{uuid.uuid4()}", auth("finance")
    for day in (3, 4, 5):
        await _granted(deps, user, datetime(2026, 9, day, 21, tzinfo=SHANGHAI))
    seen, cursor = [], ""
    while True:
        found = await stub.ListRewards(pb.ListRewardsRequest(
            user_id=user, page_size=2, page_token=cursor), metadata=finance)
        seen += [r.streak_end for r in found.rewards]
        if not (cursor := found.next_page_token):
            break
    assert seen == ["2026-09-05", "2026-09-04", "2026-09-03"]
    backwards = base64.urlsafe_b64encode(b"o:-2").decode().rstrip("=")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.ListRewards(pb.ListRewardsRequest(user_id=user, page_token=backwards),
                               metadata=finance)
    assert field_violations(refused.value)[0][0] == "cursor"
