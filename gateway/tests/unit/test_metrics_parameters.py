"""A manager's dashboard asks every analytics route for `from`/`to`; the work-order KPIs
answer the same names (`since`/`until` still work, deprecated), and a 422 names the
parameter the caller actually sent."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import grpc
from google.protobuf.message import Message
from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import FieldError, field_error_status
from servicekit.protos import moment

from gateway import workorders_client

from .fake_services import Recorder, bearer, gateway_with

PATH = "/api/v1/analytics/workorders"


def _metrics(method: str, request: Message) -> Any:
    return pb.MetricsResponse()


async def test_from_and_to_set_the_window_as_since_and_until_did() -> None:
    workorders = Recorder(_metrics)
    async with gateway_with({workorders_client._workorders: workorders}) as gw:
        for params in ({"from": "2026-11-01", "to": "2026-11-30"},
                       {"since": "2026-11-01", "until": "2026-11-30"}):
            answer = await gw.get(PATH, params=params, headers=bearer("director"))
            assert answer.status_code == 200, answer.text
            sent = workorders.last("GetMetrics")
            assert moment(sent, "since") == datetime(2026, 10, 31, 16, tzinfo=UTC)
            assert moment(sent, "until") == datetime(2026, 11, 30, 16, tzinfo=UTC)


async def test_both_names_of_one_bound_are_refused_naming_it() -> None:
    workorders = Recorder(_metrics)
    async with gateway_with({workorders_client._workorders: workorders}) as gw:
        both = await gw.get(PATH, params={"from": "2026-11-01", "since": "2026-10-01"},
                            headers=bearer("director"))
        assert both.status_code == 422, both.text
        assert both.json()["field"] == "from"
        ends = await gw.get(PATH, params={"to": "2026-11-30", "until": "2026-11-30"},
                            headers=bearer("director"))
        assert ends.status_code == 422 and ends.json()["field"] == "to"
    assert workorders.requests == []


async def test_an_unreadable_bound_is_named_as_the_caller_named_it() -> None:
    async with gateway_with({workorders_client._workorders: Recorder(_metrics)}) as gw:
        for name in ("from", "to", "since", "until"):
            answer = await gw.get(PATH, params={name: "2026-13-01"},
                                  headers=bearer("director"))
            assert answer.status_code == 422 and answer.json()["field"] == name


def _too_long(method: str, request: Message) -> Any:
    status = field_error_status(FieldError("since", "月统计最长 36 个月"))
    raise grpc.aio.AioRpcError(status.code, grpc.aio.Metadata(), grpc.aio.Metadata(
        *status.trailing_metadata), details=status.details)


async def test_the_services_refusal_names_from_when_the_caller_sent_from() -> None:
    async with gateway_with({workorders_client._workorders: Recorder(_too_long)}) as gw:
        new = await gw.get(PATH, params={"from": "2020-01-01"}, headers=bearer("director"))
        old = await gw.get(PATH, params={"since": "2020-01-01"}, headers=bearer("director"))
    assert new.status_code == 422 and new.json()["field"] == "from"
    assert old.status_code == 422 and old.json()["field"] == "since"


async def test_the_openapi_marks_since_and_until_deprecated() -> None:
    async with gateway_with({}) as gw:
        spec = (await gw.get("/openapi.json")).json()
    params = {p["name"]: p for p in spec["paths"][PATH]["get"]["parameters"]}
    assert {"from", "to"} <= params.keys()
    assert params["since"].get("deprecated") and params["until"].get("deprecated")
