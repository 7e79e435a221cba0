"""The workorders service's gRPC client (`SALESOS_WORKORDERS_ADDR`, made on first use;
see service_client.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from salesos.workorders.v1 import workorders_pb2_grpc

from gateway.service_client import StubClient, channel_of

# Attachments travel in one message; leave room above the service's 3 MB file limit.
_MAX_MESSAGE = 8 * 1024 * 1024
WorkOrdersClient = StubClient


async def _workorders(request: Request) -> StubClient:
    channel = channel_of(request, "workorders", max_message=_MAX_MESSAGE)
    return channel.client(workorders_pb2_grpc.WorkOrderServiceStub)


WorkOrders = Annotated[StubClient, Depends(_workorders)]
