"""A person types a due date as "20261220" and means 20 December 2026. pydantic would read
it (or any number) as Unix seconds, a moment in 1970, and the answer blamed the value
("截止时间必须晚于现在"). Every time, date or clock time the gateway takes refuses a bare
number, naming the field and the format it expects, before any service is asked.

The walk at the end reads the OpenAPI schema: a time input added later that does not use
the shared types (timefilters.py) fails it."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from gateway.main import create_app
from gateway.timefilters import TYPED_TIME

from .fake_services import bearer, refused_field, settings

JSON = {"content-type": "application/json"}
ORDER = {"need": "图纸", "acceptance_standard": "客户确认", "department": "engineering"}


async def test_a_due_date_typed_without_dashes_is_refused_with_the_format(
        offline_client: httpx.AsyncClient) -> None:
    for typed in ("20261220", 20261220, 1766217600, "1766217600.5"):
        answer = await offline_client.post("/api/v1/workorders", headers=bearer(),
                                           json=ORDER | {"due_at": typed})
        message = refused_field(answer, "due_at")
        assert "ISO 8601" in message and "2026-12-20T18:00:00+08:00" in message
        assert "晚于" not in message


@pytest.mark.parametrize(("method", "path", "body", "field"), [
    ("put", "/api/v1/me/delegation", {"to_user_id": "u2", "until": 1766217600}, "until"),
    ("post", "/api/v1/experiments", {"name": "阶梯提成", "seed": 7, "starts_on": "20261201",
                                     "ends_on": "2027-02-28"}, "starts_on"),
])
async def test_a_number_in_any_time_of_a_body_isrefused_field(
        offline_client: httpx.AsyncClient, method: str, path: str, body: dict[str, Any],
        field: str) -> None:
    answer = await offline_client.request(method, path, headers=bearer("director"), json=body)
    assert "ISO 8601" in refused_field(answer, field)


@pytest.mark.parametrize(("path", "field"), [
    ("/api/v1/leads?created_from=20261201", "created_from"),
    ("/api/v1/opportunities?closed_to=20261231", "closed_to"),
    ("/api/v1/analytics/funnel?from=20260101", "from"),
    ("/api/v1/analytics/workorders?to=20261231", "to"),
])
async def test_a_number_as_a_list_or_report_bound_isrefused_field(
        offline_client: httpx.AsyncClient, path: str, field: str) -> None:
    answer = await offline_client.get(path, headers=bearer("director"))
    assert "ISO 8601" in refused_field(answer, field)


async def test_quiet_hours_typed_as_digits_are_refused_with_the_clock_format(
        offline_client: httpx.AsyncClient) -> None:
    answer = await offline_client.put("/api/v1/me/notification-preferences", headers=bearer(),
                                      json={"quiet_start": "2200", "quiet_end": "08:00"})
    assert "HH:MM" in refused_field(answer, "quiet_start")


# Names that say "a time" on an input. One that is not a time goes in NOT_TIMES (the end
# of the walk's line for it) with the reason.
TIME_NAME = re.compile(r"^(from|to|since|until|date|day|starts_on|ends_on)$"
                       r"|_(at|on|from|to|until|since|date|day|start|end)$")
NOT_TIMES = {
    "StageChangeRequest: to": "the stage a deal moves to",
    "HandoverRequest: leads_to": "the person the leads go to",
    "requeued_from": "the leaver whose handover put work orders back in the queue",
}
TIME_FORMATS = {"date", "date-time", "time"}


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _branches(schema: dict[str, Any], spec: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _resolve(schema, spec)
    found = [schema]
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            found += _branches(branch, spec)
    return found


def _unmarked(name: str, schema: dict[str, Any], spec: dict[str, Any], where: str,
              seen: set[str]) -> list[str]:
    branches = _branches(schema, spec)
    timeish = (TIME_NAME.search(name) is not None and name not in NOT_TIMES) or any(
        b.get("format") in TIME_FORMATS for b in branches)
    marked = any(TYPED_TIME in b for b in branches)
    problems = [f"{where}: {name}"] if timeish and not marked else []
    for branch in branches:
        for inner in ([branch["items"]] if "items" in branch else []):
            problems += _unmarked(name, inner, spec, where, seen)
        title = branch.get("title", "")
        if "properties" in branch and title not in seen:
            seen.add(title)
            for prop, sub in branch["properties"].items():
                problems += _unmarked(prop, sub, spec, f"{where} {title}", seen)
    return problems


async def test_every_time_a_request_carries_uses_the_shared_time_types() -> None:
    # async: the app's gRPC channels want a running loop (a sync test has none once an
    # earlier test of the session closed the default one)
    spec = create_app(settings()).openapi()
    problems: list[str] = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                problems += _unmarked(parameter["name"], parameter.get("schema", {}), spec,
                                      where, set())
            for media in operation.get("requestBody", {}).get("content", {}).values():
                problems += _unmarked("body", media.get("schema", {}), spec, where, set())
    assert [p for p in problems if not any(p.endswith(f" {n}") for n in NOT_TIMES)] == []
