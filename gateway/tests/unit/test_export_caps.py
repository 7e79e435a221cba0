"""A director exporting the deal list gets every deal or a clear refusal, never a sheet
cut short whose sum they would take for the pipeline total."""

from __future__ import annotations

from typing import Any

from gateway.opportunity_exports import EXPORT_MAX_ROWS, PAGE
from google.protobuf.message import Message
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway import pipeline_client

from .fake_services import Recorder, bearer, gateway_with


def _endless(method: str, request: Message) -> Any:
    start = int(request.page_token or 0)
    return pb.ListOpportunitiesResponse(
        opportunities=[pb.Opportunity(id=f"o{n}", title="机床") for n in range(start,
                                                                              start + PAGE)],
        next_page_token=str(start + PAGE))


async def test_a_deal_export_past_the_cap_is_refused_naming_the_cap() -> None:
    pipeline = Recorder(_endless)
    async with gateway_with({pipeline_client._pipeline: pipeline}) as gw:
        answer = await gw.get("/api/v1/opportunities/export.xlsx?status=open",
                              headers=bearer("director"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "export_too_large"
    assert str(EXPORT_MAX_ROWS) in answer.json()["detail"]
    assert len(pipeline.requests) == EXPORT_MAX_ROWS // PAGE  # stops paging at the cap
    assert all(r.status == "open" and r.page_size == PAGE for _, r in pipeline.requests)
