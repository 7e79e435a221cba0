"""Which deal a new work order may name: one its requester works on.

The workorders service knows deals by id only, so the gateway asks the pipeline, under
the requester's own token, whether they see the deal: a rep their own, a manager their
regions', directors and admins any that exists. A deal they do not see, or that does not
exist, is 422 on `opportunity_id` (not 404: the order is what is refused). Engineers and
finance see no deals in the pipeline, yet may ask another department about a deal they
work on through their own orders, so their link is taken as before.
"""

from __future__ import annotations

import grpc
from salesos.pipeline.v1 import pipeline_pb2
from servicekit.auth import Principal

from gateway.pipeline_client import PipelineClient
from gateway.problems import FieldProblem, validation_problem

SALES_ROLES = ("rep", "manager", "director", "admin")
UNSEEN = (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED,
          grpc.StatusCode.INVALID_ARGUMENT)


async def check_deal(pipeline: PipelineClient, token: str, user: Principal,
                     opportunity_id: str | None) -> None:
    if not opportunity_id or user.role not in SALES_ROLES:
        return
    try:
        await pipeline.call("GetOpportunity", pipeline_pb2.GetOpportunityRequest(
            opportunity_id=opportunity_id), user_token=token)
    except grpc.aio.AioRpcError as error:
        if error.code() not in UNSEEN:
            raise  # the pipeline down: 503 like any dependency, nothing opened
        raise validation_problem([FieldProblem(
            "opportunity_id", "商机不存在，或不是您负责（或管辖）的商机")]) from error
