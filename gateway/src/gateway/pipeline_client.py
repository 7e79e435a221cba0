"""The pipeline service's PipelineService, on the pipeline process's one channel
(`SALESOS_PIPELINE_ADDR`, made on first use; see service_client.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from salesos.pipeline.v1 import pipeline_pb2_grpc

from gateway.service_client import StubClient, channel_of

PipelineClient = StubClient


async def _pipeline(request: Request) -> StubClient:
    return channel_of(request, "pipeline").client(pipeline_pb2_grpc.PipelineServiceStub)


Pipeline = Annotated[StubClient, Depends(_pipeline)]
