"""A new record may name only another record its author works on: a work order the deal,
a deal by hand the lead. The owning service is asked under the caller's own token, so it
scopes the answer as for any read (a rep their own, a manager their regions', directors
and admins any that exists); one the caller does not see, or that does not exist, is 422
on the naming field (not 404: the new record is what is refused).

- Work orders: the workorders service knows deals by id only. Engineers and finance see
  no deals in the pipeline, yet may ask another department about a deal they work on
  through their own orders, so their link is taken as before.
- Deals: a lead opens one deal, so a deal naming somebody else's lead took it from them
  (when its owner qualified it, no deal opened for the owner).
"""

from __future__ import annotations

import grpc
from salesos.pipeline.v1 import pipeline_pb2
from servicekit.auth import Principal

from gateway.clients import Clients
from gateway.pipeline_client import PipelineClient
from gateway.problems import FieldProblem, validation_problem

SALES_ROLES = ("rep", "manager", "director", "admin")
UNSEEN = (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED,
          grpc.StatusCode.INVALID_ARGUMENT)


def _refused(error: grpc.aio.AioRpcError, field: str, message: str) -> Exception:
    if error.code() not in UNSEEN:
        return error  # the service down: 503 like any dependency, nothing created
    return validation_problem([FieldProblem(field, message)])


async def check_deal(pipeline: PipelineClient, token: str, user: Principal,
                     opportunity_id: str | None) -> None:
    if not opportunity_id or user.role not in SALES_ROLES:
        return
    try:
        await pipeline.call("GetOpportunity", pipeline_pb2.GetOpportunityRequest(
            opportunity_id=opportunity_id), user_token=token)
    except grpc.aio.AioRpcError as error:
        raise _refused(error, "opportunity_id",
                       "商机不存在，或不是您负责（或管辖）的商机") from error


async def check_lead(clients: Clients, token: str, lead_id: str | None) -> None:
    if not lead_id:
        return
    try:
        await clients.get_lead(lead_id, user_token=token)
    except grpc.aio.AioRpcError as error:
        raise _refused(error, "lead_id", "线索不存在，或不是您负责（或管辖）的线索") from error
