"""The structured needs record of a deal: read it, replace it. A complete record is
what lets the deal enter 方案设计."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.deps import BearerToken, CurrentUser
from gateway.field_protoconv import needs_read
from gateway.field_schemas import NeedsRead, NeedsWrite
from gateway.pipeline_client import Pipeline
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["needs"])
PATH = "/opportunities/{opportunity_id}/needs"


@router.get(PATH, response_model=NeedsRead)
async def get_needs(opportunity_id: str, _: CurrentUser, token: BearerToken,
                    pipeline: Pipeline) -> NeedsRead:
    """Version 0 and every field empty when nothing was recorded yet."""
    reply = await pipeline.call("GetNeeds", pb.GetNeedsRequest(opportunity_id=opportunity_id),
                                user_token=token)
    return needs_read(reply)


# A PUT replaces the record with the same content each time it is repeated, and the
# service skips an identical save, so Idempotency-Key needs no bookkeeping.
@router.put(PATH, response_model=NeedsRead)
async def put_needs(opportunity_id: str, body: NeedsWrite, _: CurrentUser, token: BearerToken,
                    pipeline: Pipeline,
                    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
                    ) -> NeedsRead:
    record = pb.NeedsRecord(
        opportunity_id=opportunity_id, equipment_type=body.equipment_type,
        capacity=body.capacity, site_constraints=body.site_constraints,
        budget_min_fen=body.budget_min_fen, budget_max_fen=body.budget_max_fen,
        decision_makers=[pb.Person(name=p.name, title=p.title) for p in body.decision_makers],
        competing_vendors=body.competing_vendors,
        must_have_parameters=[pb.Parameter(name=p.name, value=p.value)
                              for p in body.must_have_parameters],
        nonstandard_support=body.nonstandard_support,
        nonstandard_request=body.nonstandard_request)
    reply = await pipeline.call("PutNeeds", pb.PutNeedsRequest(record=record), user_token=token)
    return needs_read(reply)
