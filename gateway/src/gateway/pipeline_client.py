"""The pipeline service's gRPC client, created on first use from the gateway's settings
(`SALESOS_PIPELINE_ADDR`), so the shared `Clients` needs no change. Calls forward the
caller's JWT: the service scopes every answer to what that person may see."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

import grpc
from fastapi import Depends, Request
from google.protobuf.message import Message
from opentelemetry.instrumentation.grpc import aio_client_interceptors
from salesos.pipeline.v1 import pipeline_pb2_grpc
from servicekit.auth import bearer_metadata


class PipelineClient:
    def __init__(self, addr: str, *, timeout: float) -> None:
        self._channel = grpc.aio.insecure_channel(addr, interceptors=aio_client_interceptors())
        self._stub = pipeline_pb2_grpc.PipelineServiceStub(self._channel)
        self._timeout = timeout

    async def call(self, method: str, request: Message, *, user_token: str) -> Any:
        rpc = getattr(self._stub, method)
        return await rpc(request, timeout=self._timeout, metadata=bearer_metadata(user_token))

    async def upload(self, method: str, requests: AsyncIterator[Message], *, user_token: str,
                     deadline: float) -> Any:
        """A client-streaming RPC (visit photos), with its own, longer deadline."""
        rpc = getattr(self._stub, method)
        return await rpc(requests, timeout=deadline, metadata=bearer_metadata(user_token))

    def stream(self, method: str, request: Message, *, user_token: str) -> Any:
        """A server-streaming RPC's call: iterate it for the messages."""
        rpc = getattr(self._stub, method)
        return rpc(request, timeout=self._timeout, metadata=bearer_metadata(user_token))

    @property
    def channel(self) -> grpc.aio.Channel:
        """For the pipeline's other services (quotes_client.py): one connection."""
        return self._channel

    @property
    def timeout(self) -> float:
        return self._timeout

    async def close(self) -> None:
        await self._channel.close()


async def _pipeline(request: Request) -> PipelineClient:
    state = request.app.state
    if getattr(state, "pipeline", None) is None:
        settings = state.settings
        state.pipeline = PipelineClient(settings.addr_of("pipeline"),
                                        timeout=settings.grpc_timeout_seconds)
    return state.pipeline


Pipeline = Annotated[PipelineClient, Depends(_pipeline)]
