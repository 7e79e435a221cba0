"""A manager asks for `period=year` and is told which periods there are: every field with a
fixed set of values names them in its 422, whether it is a Literal, an Enum or a query
parameter held to a pattern of alternatives — not a bare 「格式不正确」."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
from gateway.main import create_app
from gateway.validation_messages import message

from .fake_services import bearer, refused_field, settings

# Patterns that hold a format, not a list of values: printable text (names).
FORMATS = {r"^[^\x00-\x1f\x7f]+$"}


async def test_a_work_order_report_by_year_names_the_periods_there_are(
        offline_client: httpx.AsyncClient) -> None:
    answer = await offline_client.get("/api/v1/analytics/workorders?period=year",
                                      headers=bearer("director"))
    assert refused_field(answer, "period") == "应为以下之一：'month'、'week'、'day'"


async def test_scores_by_an_unknown_level_name_the_levels(
        offline_client: httpx.AsyncClient) -> None:
    answer = await offline_client.get("/api/v1/kpi/scores?level=company",
                                      headers=bearer("director"))
    assert refused_field(answer, "level") == "应为以下之一：'rep'、'team'、'region'"


async def test_a_department_kind_typed_as_its_zh_name_is_told_each_code_with_its_name(
        offline_client: httpx.AsyncClient) -> None:
    """An admin sending 「销售部门」 as the kind reads which code means it, not bare codes."""
    admin = bearer("admin")
    for method, path, body in (
            ("POST", "/api/v1/admin/departments",
             {"code": "south_sales", "name": "华南销售部", "kind": "销售部门"}),
            ("PATCH", "/api/v1/admin/departments/quality", {"kind": "Sales"})):
        answer = await offline_client.request(method, path, json=body, headers=admin)
        assert refused_field(answer, "kind") == (
            "应为以下之一：'sales'（销售部门）、'functional'（职能部门）"), method


def test_a_pattern_that_is_not_a_list_of_choices_still_says_the_format_is_wrong() -> None:
    assert message({"type": "string_pattern_mismatch",
                    "ctx": {"pattern": r"^[^\x00-\x1f]+$"}}) == "格式不正确"


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


async def test_every_pattern_of_choices_in_the_api_names_them_whenrefused_field() -> None:
    # async: the app's gRPC channels want a running loop (a sync test has none once an
    # earlier test of the session closed the default one)
    """A new `Query(pattern=...)` that is neither a list of values the message can name
    nor a known format fails here: use a Literal, or add the format with its reason."""
    spec = create_app(settings()).openapi()
    unnamed = {p for p in _patterns(spec) if p not in FORMATS and not message(
        {"type": "string_pattern_mismatch", "ctx": {"pattern": p}}).startswith("应为以下之一")}
    assert unnamed == set()
