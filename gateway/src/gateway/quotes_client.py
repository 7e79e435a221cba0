"""The pipeline's QuoteService, on the pipeline client's channel (one connection to the
pipeline process, closed with it). Calls forward the caller's JWT."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from google.protobuf.message import Message
from salesos.pipeline.v1 import quotes_pb2_grpc
from servicekit.auth import bearer_metadata

from gateway.pipeline_client import Pipeline


class QuotesClient:
    def __init__(self, stub: quotes_pb2_grpc.QuoteServiceStub, timeout: float) -> None:
        self._stub, self._timeout = stub, timeout

    async def call(self, method: str, request: Message, *, user_token: str) -> Any:
        rpc = getattr(self._stub, method)
        return await rpc(request, timeout=self._timeout, metadata=bearer_metadata(user_token))


async def _quotes(pipeline: Pipeline) -> QuotesClient:
    return QuotesClient(quotes_pb2_grpc.QuoteServiceStub(pipeline.channel), pipeline.timeout)


Quotes = Annotated[QuotesClient, Depends(_quotes)]
