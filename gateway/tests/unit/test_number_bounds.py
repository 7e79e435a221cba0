"""A number too big for the service's field is bad input (422 naming the field), not a
500 with the connection reset: protobuf refuses it while the gateway builds the request."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from gateway.main import create_app
from gateway.public_limit import public_rate_limited
from google.protobuf.message import Message

from gateway import contracts_client, incentives_client, pipeline_client

from .fake_services import Recorder, bearer, gateway_with, settings

HUGE = 10**20


def _never(method: str, request: Message) -> Any:
    raise AssertionError(f"{method} must not be called")


async def test_a_kpi_target_beyond_int64_is_422_naming_target() -> None:
    incentives = Recorder(_never)
    async with gateway_with({incentives_client._incentives: incentives}) as gw:
        answer = await gw.put("/api/v1/kpis/k1", headers=bearer("admin"),
                              json={"weight_pct": 30, "target": 10**19})
        assert answer.status_code == 422 and answer.json()["field"] == "target", answer.text
        answer = await gw.put("/api/v1/kpis/k1", headers=bearer("admin"),
                              json={"weight_pct": 30, "other_weights": {"k2": HUGE}})
        assert answer.status_code == 422, answer.text
        assert answer.json()["field"] == "other_weights.k2"
    assert not incentives.requests


async def _unlimited() -> None:
    """The public pages' rate limit counts in the gateway's database, absent here."""


def _no_rate_limit(app: FastAPI) -> None:
    app.dependency_overrides[public_rate_limited] = _unlimited


async def test_a_survey_score_beyond_int32_is_422_naming_score() -> None:
    incentives = Recorder(_never)
    async with gateway_with({incentives_client._incentives: incentives},
                            configure=_no_rate_limit) as gw:
        answer = await gw.post("/api/v1/surveys/" + "t" * 32, json={"score": HUGE})
        assert answer.status_code == 422 and answer.json()["field"] == "score", answer.text


async def test_contract_versions_beyond_int32_are_422_naming_the_parameter() -> None:
    contracts = Recorder(_never)
    async with gateway_with({contracts_client._contracts: contracts}) as gw:
        for query, field in ((f"against={HUGE}", "against"),
                             (f"against=1&version={HUGE}", "version")):
            answer = await gw.get(f"/api/v1/contracts/c1/diff?{query}", headers=bearer())
            assert answer.status_code == 422, answer.text
            assert answer.json()["field"] == field


async def test_a_process_version_beyond_int32_is_422_naming_version() -> None:
    pipeline = Recorder(_never)
    async with gateway_with({pipeline_client._pipeline: pipeline}) as gw:
        answer = await gw.get("/api/v1/process?version=99999999999", headers=bearer())
        assert answer.status_code == 422 and answer.json()["field"] == "version", answer.text


def _unbounded(schema: dict[str, Any], where: str, schemas: dict[str, Any],
               seen: frozenset[str] = frozenset()) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return [] if name in seen else _unbounded(schemas[name], where, schemas, seen | {name})
    found = []
    if schema.get("type") == "integer" and not (
            {"minimum", "exclusiveMinimum"} & schema.keys() and "maximum" in schema):
        found.append(where)
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            found += _unbounded(part, where, schemas, seen)
    for name, part in schema.get("properties", {}).items():
        found += _unbounded(part, f"{where}.{name}", schemas, seen)
    if isinstance(extra := schema.get("additionalProperties"), dict):
        found += _unbounded(extra, f"{where}.<key>", schemas, seen)
    if "items" in schema:
        found += _unbounded(schema["items"], f"{where}[]", schemas, seen)
    return found


async def test_every_integer_a_request_takes_is_bounded() -> None:
    # async: the app's gRPC channels want a running loop (a sync test has none once an
    # earlier test of the session closed the default one)
    spec = create_app(settings()).openapi()
    schemas = spec["components"]["schemas"]
    unbounded = set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            places = [(p.get("schema", {}), f"{p['in']}.{p['name']}")
                      for p in operation.get("parameters", [])]
            places += [(c["schema"], "body")
                       for c in operation.get("requestBody", {}).get("content", {}).values()]
            unbounded |= {(method.upper(), path, where) for schema, at in places
                          for where in _unbounded(schema, at, schemas)}
    assert unbounded == set()
