"""A rep in Shanghai types 09:00 and means 09:00 Shanghai time: a time without an offset,
in a form or a body, is read as Asia/Shanghai, never as UTC (8 h later on their clock)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gateway.assignment_schemas import AvailabilityWrite
from google.protobuf.message import Message
from salesos.pipeline.v1 import contracts_pb2, pipeline_pb2
from salesos.workorders.v1 import workorders_pb2
from servicekit.protos import moment

from gateway import contracts_client, pipeline_client, workorders_client

from .fake_services import Recorder, bearer, gateway_with

SHANGHAI_9AM_UTC = datetime.fromisoformat("2026-11-27T01:00:00+00:00")


def _visit(method: str, header: Message) -> Any:
    assert isinstance(header, pipeline_pb2.VisitUpload)
    return pipeline_pb2.Visit(id="v1", opportunity_id="o1", state="checked_in",
                              checked_in_at=header.header.checked_in_at)


async def test_a_visit_checked_in_at_nine_is_nine_in_shanghai() -> None:
    pipeline = Recorder(_visit)
    async with gateway_with({pipeline_client._pipeline: pipeline}) as gw:
        answer = await gw.post("/api/v1/opportunities/o1/visits", headers=bearer(), data={
            "latitude": "31.2", "longitude": "121.5", "checked_in_at": "2026-11-27T09:00:00"})
        assert answer.status_code == 201, answer.text
        sent = pipeline.last("RecordVisit").header
        assert moment(sent, "checked_in_at") == SHANGHAI_9AM_UTC
        assert answer.json()["checked_in_at"] == "2026-11-27T09:00:00+08:00"

        # Checking in a planned visit: the same reading.
        answer = await gw.post("/api/v1/opportunities/o1/visits/v1/check-in", headers=bearer(),
                               data={"latitude": "31.2", "longitude": "121.5",
                                     "checked_in_at": "2026-11-27T09:00:00"})
        assert answer.status_code == 200, answer.text
        assert moment(pipeline.last("RecordVisit").header, "checked_in_at") == SHANGHAI_9AM_UTC


async def test_a_time_with_its_offset_is_taken_as_given() -> None:
    pipeline = Recorder(_visit)
    async with gateway_with({pipeline_client._pipeline: pipeline}) as gw:
        answer = await gw.post("/api/v1/opportunities/o1/visits", headers=bearer(), data={
            "latitude": "31.2", "longitude": "121.5",
            "checked_in_at": "2026-11-27T01:00:00Z"})
        assert answer.status_code == 201, answer.text
        assert moment(pipeline.last("RecordVisit").header, "checked_in_at") == SHANGHAI_9AM_UTC


def _delegation(method: str, request: Message) -> Any:
    assert isinstance(request, contracts_pb2.SetDelegationRequest)
    return contracts_pb2.Delegation(user_id="u1", to_user_id=request.to_user_id,
                                    until=request.until)


async def test_a_delegation_until_six_pm_ends_at_six_pm_in_shanghai() -> None:
    contracts = Recorder(_delegation)
    async with gateway_with({contracts_client._contracts: contracts}) as gw:
        answer = await gw.put("/api/v1/me/delegation", headers=bearer(), json={
            "to_user_id": "u2", "until": "2026-12-05T18:00:00"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["until"] == "2026-12-05T18:00:00+08:00"
        assert moment(contracts.last("SetDelegation"), "until") == datetime.fromisoformat(
            "2026-12-05T10:00:00+00:00")


async def test_a_delegation_or_an_absence_until_a_date_lasts_through_that_day() -> None:
    """A manager away 「至 12月5日」 picks 2026-12-05: the delegate answers through the 5th,
    not until its first second (the approvals came back a day early); a rep's absence
    until a date reads the same, and 2026-02-30 is no day."""
    contracts = Recorder(_delegation)
    async with gateway_with({contracts_client._contracts: contracts}) as gw:
        answer = await gw.put("/api/v1/me/delegation", headers=bearer(), json={
            "to_user_id": "u2", "until": "2026-12-05"})
        assert answer.status_code == 200, answer.text
        assert answer.json()["until"] == "2026-12-05T23:59:59+08:00"
        refused = await gw.put("/api/v1/me/delegation", headers=bearer(), json={
            "to_user_id": "u2", "until": "2026-02-30"})
        assert refused.json()["errors"][0]["message"].startswith("没有这一天")
    away = AvailabilityWrite(away=True, until="2026-12-05")
    assert away.until == datetime.fromisoformat("2026-12-05T23:59:59+08:00")


def _order(method: str, request: Message) -> Any:
    assert isinstance(request, workorders_pb2.CreateWorkOrderRequest)
    return workorders_pb2.WorkOrder(id="w1", title=request.title, due_at=request.due_at)


async def test_a_work_order_due_at_five_pm_is_due_at_five_pm_in_shanghai() -> None:
    workorders = Recorder(_order)
    async with gateway_with({workorders_client._workorders: workorders}) as gw:
        answer = await gw.post("/api/v1/workorders", headers=bearer(), json={
            "title": "非标法兰图纸", "need": "图纸", "acceptance_standard": "客户确认",
            "department": "engineering", "due_at": "2026-12-04T17:00:00"})
        assert answer.status_code == 201, answer.text
        assert moment(workorders.last("CreateWorkOrder"), "due_at") == datetime.fromisoformat(
            "2026-12-04T09:00:00+00:00")


async def test_a_work_order_due_on_a_date_is_due_by_the_end_of_that_day_in_shanghai() -> None:
    """A date picker sends "2026-12-04": read as its first second, the order was overdue,
    and its delivery clock escalated, on the morning of the day it was due."""
    workorders = Recorder(_order)
    async with gateway_with({workorders_client._workorders: workorders}) as gw:
        answer = await gw.post("/api/v1/workorders", headers=bearer(), json={
            "need": "图纸", "acceptance_standard": "客户确认", "department": "engineering",
            "due_at": "2026-12-04"})
        assert answer.status_code == 201, answer.text
        assert moment(workorders.last("CreateWorkOrder"), "due_at") == datetime.fromisoformat(
            "2026-12-04T23:59:59+08:00")
        refused = await gw.post("/api/v1/workorders", headers=bearer(), json={
            "need": "图纸", "acceptance_standard": "客户确认", "department": "engineering",
            "due_at": "2026-13-04"})
        assert refused.status_code == 422 and refused.json()["field"] == "due_at"
        refused = await gw.post("/api/v1/workorders", headers=bearer(), json={
            "need": "图纸", "acceptance_standard": "客户确认", "department": "engineering",
            "due_at": "2026-02-30"})  # told there is no such day, not "must be a time"
        assert refused.json()["errors"][0]["message"].startswith("没有这一天：2026-02-30")
