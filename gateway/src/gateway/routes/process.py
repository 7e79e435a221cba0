"""The sales process definition: everyone reads it, admins publish a new version. Deals
keep the version they were opened under."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.deps import BearerToken, CurrentUser
from gateway.pipeline_client import Pipeline
from gateway.pipeline_protoconv import process_read, process_request
from gateway.pipeline_schemas import ProcessRead, ProcessUpdate
from gateway.protobounds import INT32_MAX
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["process"])


@router.get("/process", response_model=ProcessRead)
async def get_process(_: CurrentUser, token: BearerToken, pipeline: Pipeline,
                      version: Annotated[int, Query(ge=0, le=INT32_MAX)] = 0) -> ProcessRead:
    """The current version, or `version=N`; `criteria` lists every gate code."""
    reply = await pipeline.call("GetProcess", pb.GetProcessRequest(version=version),
                                user_token=token)
    return process_read(reply)


@router.put("/process", response_model=ProcessRead)
async def put_process(body: ProcessUpdate, _: CurrentUser, token: BearerToken,
                      pipeline: Pipeline,
                      idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
                      ) -> ProcessRead:
    """Admin only. A definition equal to the current one creates no version, so a retried
    PUT is harmless (Idempotency-Key accepted, not needed)."""
    reply = await pipeline.call("PutProcess", process_request(body.stages), user_token=token)
    return process_read(reply)
