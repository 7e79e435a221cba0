"""The pipeline's ContractService, on the pipeline process's one channel. Calls forward
the caller's JWT; the public signing calls go out under the gateway's service token (the
customer's signer has no account)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from salesos.pipeline.v1 import contracts_pb2_grpc

from gateway.service_client import StubClient, channel_of

ContractsClient = StubClient


async def _contracts(request: Request) -> StubClient:
    return channel_of(request, "pipeline").client(contracts_pb2_grpc.ContractServiceStub)


Contracts = Annotated[StubClient, Depends(_contracts)]
