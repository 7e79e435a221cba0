"""A director exporting a list gets every row or a clear refusal, never a sheet cut short
whose sum they would take for the pipeline (contract, quote) total."""

from __future__ import annotations

from typing import Any

from gateway.export_rows import EXPORT_MAX_ROWS
from gateway.opportunity_exports import PAGE
from google.protobuf.message import Message
from salesos.pipeline.v1 import contracts_pb2, quotes_pb2
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway import contracts_client, pipeline_client, quotes_client

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


def _more_every_time(method: str, request: Message) -> Any:
    start = int(request.page_token or 0)
    if method == "ListContracts":
        return contracts_pb2.ListContractsResponse(
            contracts=[contracts_pb2.Contract(id=f"c{n}") for n in range(start, start + 100)],
            next_page_token=str(start + 100))
    return quotes_pb2.ListQuotesResponse(
        quotes=[quotes_pb2.Quote(id=f"q{n}") for n in range(start, start + 100)],
        next_page_token=str(start + 100))


async def test_contract_and_quote_exports_past_their_cap_are_refused_too() -> None:
    service = Recorder(_more_every_time)
    async with gateway_with({contracts_client._contracts: service,
                             quotes_client._quotes: service}) as gw:
        for path in ("/api/v1/contracts/export.xlsx", "/api/v1/quotes/export.xlsx"):
            answer = await gw.get(path, headers=bearer("director"))
            assert answer.status_code == 422, (path, answer.text)
            assert answer.json()["code"] == "export_too_large" and "10000" in answer.json()[
                "detail"]
