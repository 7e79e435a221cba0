"""The workorders service's gRPC client, created on first use from the gateway's settings
(`SALESOS_WORKORDERS_ADDR`), like pipeline_client. Calls forward the caller's JWT: the
service scopes every answer to what that person may see."""

from __future__ import annotations

from typing import Annotated, Any

import grpc
from fastapi import Depends, Request
from google.protobuf.message import Message
from opentelemetry.instrumentation.grpc import aio_client_interceptors
from salesos.workorders.v1 import workorders_pb2_grpc
from servicekit.auth import bearer_metadata

# Attachments travel in one message; leave room above the service's 3 MB file limit.
_MAX_MESSAGE = 8 * 1024 * 1024


class WorkOrdersClient:
    def __init__(self, addr: str, *, timeout: float) -> None:
        self._channel = grpc.aio.insecure_channel(
            addr, interceptors=aio_client_interceptors(),
            options=[("grpc.max_send_message_length", _MAX_MESSAGE),
                     ("grpc.max_receive_message_length", _MAX_MESSAGE)])
        self._stub = workorders_pb2_grpc.WorkOrderServiceStub(self._channel)
        self._timeout = timeout

    async def call(self, method: str, request: Message, *, user_token: str) -> Any:
        rpc = getattr(self._stub, method)
        return await rpc(request, timeout=self._timeout, metadata=bearer_metadata(user_token))

    async def close(self) -> None:
        await self._channel.close()


async def _workorders(request: Request) -> WorkOrdersClient:
    state = request.app.state
    if getattr(state, "workorders", None) is None:
        settings = state.settings
        state.workorders = WorkOrdersClient(settings.addr_of("workorders"),
                                            timeout=settings.grpc_timeout_seconds)
    return state.workorders


WorkOrders = Annotated[WorkOrdersClient, Depends(_workorders)]
