"""A manager filters the management numbers by region or rep: the filter is an id, and
one that is not (a region code, a login name) is refused naming it, not answered with a
funnel of zeros that reads as "no deals this year"."""

from __future__ import annotations

from typing import Any

import pytest
from google.protobuf.message import Message
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway import pipeline_client

from .fake_services import Recorder, bearer, gateway_with

REGION = "0190a000-0000-7000-8000-0000000000aa"


def _funnel(method: str, request: Message) -> Any:
    return pb.Funnel(date_from="2026-01-01", date_to="2026-11-27")


@pytest.mark.parametrize(("params", "field"), [({"owner": "rep01"}, "owner"),
                                               ({"region": "east"}, "region")])
async def test_a_filter_that_is_not_an_id_is_refused_naming_it(
        params: dict[str, str], field: str) -> None:
    pipeline = Recorder(_funnel)
    async with gateway_with({pipeline_client._pipeline: pipeline}) as gw:
        for path in ("/api/v1/analytics/funnel", "/api/v1/analytics/export.xlsx"):
            answer = await gw.get(path, params=params, headers=bearer("manager"))
            assert answer.status_code == 422, answer.text
            assert answer.json()["field"] == field
    assert not pipeline.requests


async def test_an_id_filters_and_an_empty_filter_means_everyone() -> None:
    pipeline = Recorder(_funnel)
    async with gateway_with({pipeline_client._pipeline: pipeline}) as gw:
        for params in ({"region": REGION, "owner": ""}, {"region": "", "owner": ""}):
            answer = await gw.get("/api/v1/analytics/funnel", params=params,
                                  headers=bearer("manager"))
            assert answer.status_code == 200, answer.text
    [(_, first), (_, second)] = pipeline.requests
    assert (first.region_id, first.owner_id) == (REGION, "")
    assert (second.region_id, second.owner_id) == ("", "")
