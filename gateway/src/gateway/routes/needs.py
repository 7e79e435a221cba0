"""The structured needs record of a deal: read it, replace it. A complete record is
what lets the deal enter 方案设计.

Two people may edit one record (the rep and the solution engineer). Every answer carries
the record's version as its `ETag`; a PUT with `If-Match: "<version>"` is refused with
412 when someone saved a newer version meanwhile, instead of overwriting their work.
Without If-Match the PUT replaces whatever is there, as before."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.deps import BearerToken, CurrentUser
from gateway.field_protoconv import needs_read
from gateway.field_schemas import NeedsRead, NeedsWrite
from gateway.if_match import expected_version, tag
from gateway.pipeline_client import Pipeline
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["needs"])
PATH = "/opportunities/{opportunity_id}/needs"


@router.get(PATH, response_model=NeedsRead)
async def get_needs(opportunity_id: str, _: CurrentUser, token: BearerToken,
                    pipeline: Pipeline, response: Response) -> NeedsRead:
    """Version 0 and every field empty when nothing was recorded yet."""
    reply = await pipeline.call("GetNeeds", pb.GetNeedsRequest(opportunity_id=opportunity_id),
                                user_token=token)
    tag(response, reply.version)
    return needs_read(reply)


# A PUT replaces the record with the same content each time it is repeated, and the
# service skips an identical save, so Idempotency-Key needs no bookkeeping.
@router.put(PATH, response_model=NeedsRead)
async def put_needs(opportunity_id: str, body: NeedsWrite, _: CurrentUser, token: BearerToken,
                    pipeline: Pipeline,
                    response: Response,
                    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
                    if_match: Annotated[str | None, Header()] = None,
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
    request = pb.PutNeedsRequest(record=record)
    if (version := expected_version(if_match)) is not None:
        request.expected_version = version
    reply = await pipeline.call("PutNeeds", request, user_token=token)
    tag(response, reply.version)
    return needs_read(reply)
