"""The pipeline process's ContractService, on the pipeline's address, created on first use
(like `pipeline_client`). Calls forward the caller's JWT; the public signing calls go
out under the gateway's service token (the customer's signer has no account)."""

from __future__ import annotations

from typing import Annotated, Any

import grpc
from fastapi import Depends, Request
from google.protobuf.message import Message
from opentelemetry.instrumentation.grpc import aio_client_interceptors
from salesos.pipeline.v1 import contracts_pb2_grpc
from servicekit.auth import bearer_metadata


class ContractsClient:
    def __init__(self, addr: str, *, timeout: float) -> None:
        self._channel = grpc.aio.insecure_channel(addr, interceptors=aio_client_interceptors())
        self._stub = contracts_pb2_grpc.ContractServiceStub(self._channel)
        self._timeout = timeout

    async def call(self, method: str, request: Message, *, user_token: str) -> Any:
        rpc = getattr(self._stub, method)
        return await rpc(request, timeout=self._timeout, metadata=bearer_metadata(user_token))

    async def close(self) -> None:
        await self._channel.close()


async def _contracts(request: Request) -> ContractsClient:
    state = request.app.state
    if getattr(state, "contracts", None) is None:
        settings = state.settings
        state.contracts = ContractsClient(settings.addr_of("pipeline"),
                                          timeout=settings.grpc_timeout_seconds)
    return state.contracts


Contracts = Annotated[ContractsClient, Depends(_contracts)]
