"""Work-order KPIs over real gRPC and PostgreSQL: a dashboard opened without dates reads
the latest whole periods only, an explicit old range still answers, a range too long is
refused naming `since`, and each caller still sees only the orders they may read.

Orders are written straight into the table at the creation times a story needs, each test
under a department code of its own, so orders of the other tests never count."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import field_violations
from sqlalchemy import insert
from workorders.adapters.orm import work_orders
from workorders.domain.window import SHANGHAI

from .conftest import ENG, FIN

pytestmark = pytest.mark.integration
Meta = Callable[[str], tuple[tuple[str, str], ...]]
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def pinned(clock: Any) -> Iterator[Any]:
    clock.now = NOW
    yield clock
    clock.now = None


@pytest.fixture
def code(org: Any) -> str:
    """A department of this test's own, which the directory knows like any other."""
    made = f"kpi-{uuid.uuid4().hex[:8]}"
    org.more[made] = "统计测试部"
    return made


async def place(sessions: Any, code: str, *created: datetime, department_id: str = ENG,
                requester_id: str = "someone") -> None:
    """Closed orders of department `code`, accepted in an hour, on time, first pass."""
    async with sessions() as session:
        await session.execute(insert(work_orders), [
            {"id": uuid.uuid4(), "department": code, "department_id": department_id,
             "requester_id": requester_id, "state": "closed", "created_at": at,
             "due_at": at + timedelta(days=5), "respond_by": at + timedelta(hours=4),
             "response_seconds": 3600, "delivered_on_time": True, "first_pass": True}
            for at in created])
        await session.commit()


def stamp(moment: datetime) -> Timestamp:
    value = Timestamp()
    value.FromDatetime(moment.astimezone(UTC))
    return value


async def kpis(stub: Any, as_user: Meta, who: str, code: str, period: str = "month",
               **bounds: datetime) -> dict[str, int]:
    reply = await stub.GetMetrics(pb.GetMetricsRequest(
        period=period, department=code, **{k: stamp(v) for k, v in bounds.items()}),
        metadata=as_user(who))
    return {r.period: r.created for r in reply.rows}


async def test_a_dashboard_without_dates_counts_the_last_twelve_whole_months_only(
        stub: Any, as_user: Meta, sessions: Any, pinned: Any, code: str) -> None:
    await place(sessions, code,
                datetime(2023, 5, 10, tzinfo=SHANGHAI),               # three years ago
                datetime(2025, 11, 30, 23, 59, tzinfo=SHANGHAI),      # a minute too early
                datetime(2025, 12, 1, 0, 0, tzinfo=SHANGHAI),         # the window's start
                datetime(2025, 12, 31, 23, 0, tzinfo=SHANGHAI),
                datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI))        # this morning
    assert await kpis(stub, as_user, "director", code) == {"2025-12": 2, "2026-11": 1}


async def test_a_daily_dashboard_without_dates_counts_the_last_thirty_days(
        stub: Any, as_user: Meta, sessions: Any, pinned: Any, code: str) -> None:
    await place(sessions, code, datetime(2026, 10, 28, 23, 0, tzinfo=SHANGHAI),
                datetime(2026, 10, 29, 0, 30, tzinfo=SHANGHAI))
    assert await kpis(stub, as_user, "director", code, "day") == {"2026-10-29": 1}


async def test_an_explicit_old_range_is_still_reported(
        stub: Any, as_user: Meta, sessions: Any, pinned: Any, code: str) -> None:
    await place(sessions, code, datetime(2023, 5, 10, tzinfo=SHANGHAI),
                datetime(2023, 6, 2, tzinfo=SHANGHAI))
    found = await kpis(stub, as_user, "director", code, "week",
                       since=datetime(2023, 5, 1, tzinfo=SHANGHAI),
                       until=datetime(2023, 6, 1, tzinfo=SHANGHAI))
    assert found == {"2023-W19": 1}


async def test_a_range_longer_than_three_years_of_months_is_refused_naming_since(
        stub: Any, as_user: Meta, pinned: Any, code: str) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await kpis(stub, as_user, "director", code,
                   since=datetime(2020, 1, 1, tzinfo=SHANGHAI))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [field for field, _ in field_violations(refused.value)] == ["since"]


async def test_each_caller_still_counts_only_the_orders_they_may_see(
        stub: Any, as_user: Meta, sessions: Any, pinned: Any, code: str) -> None:
    recent = datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI)
    await place(sessions, code, recent, recent, department_id=ENG)
    await place(sessions, code, recent, department_id=FIN)
    await place(sessions, code, recent, department_id=FIN, requester_id="rep1")
    await place(sessions, code, datetime(2024, 11, 2, tzinfo=SHANGHAI), department_id=ENG)
    assert await kpis(stub, as_user, "director", code) == {"2026-11": 4}
    assert await kpis(stub, as_user, "eng1", code) == {"2026-11": 2}
    assert await kpis(stub, as_user, "fin1", code) == {"2026-11": 2}
    assert await kpis(stub, as_user, "rep1", code) == {"2026-11": 1}
    assert await kpis(stub, as_user, "rep2", code) == {}


async def test_a_department_the_directory_does_not_know_is_refused_not_an_empty_report(
        stub: Any, as_user: Meta, pinned: Any) -> None:
    """「技术部」 where the code `engineering` belongs answered no rows: a dashboard of a
    department that had done nothing, not a mistyped filter."""
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await kpis(stub, as_user, "director", "技术部")
    [(name, message)] = field_violations(refused.value)
    assert name == "department" and "engineering（技术部）" in message
