"""The pipeline's QuoteService, on the pipeline process's one channel."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from salesos.pipeline.v1 import quotes_pb2_grpc

from gateway.service_client import StubClient, channel_of

QuotesClient = StubClient


async def _quotes(request: Request) -> StubClient:
    return channel_of(request, "pipeline").client(quotes_pb2_grpc.QuoteServiceStub)


Quotes = Annotated[StubClient, Depends(_quotes)]
