"""Customer satisfaction surveys: public, no login; the one-time token is the key. The
gateway asks the incentives service under its own service token."""

from __future__ import annotations

from typing import Annotated

import grpc
from fastapi import APIRouter, Depends, Header, Path
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from salesos.incentives.v1 import incentives_pb2 as pb

from gateway.deps import ServiceClients
from gateway.incentives_client import Incentives, to_dict
from gateway.incentives_schemas import SurveyAnswer, SurveyRead
from gateway.problems import Problem
from gateway.public_limit import public_rate_limited
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["surveys"],
                   dependencies=[Depends(public_rate_limited)])
Token = Annotated[str, Path(min_length=16, max_length=100)]


@router.get("/surveys/{token}", response_model=SurveyRead)
async def get_survey(token: Token, clients: ServiceClients,
                     incentives: Incentives) -> SurveyRead:
    reply = await incentives.call("GetSurvey", pb.GetSurveyRequest(token=token),
                                  user_token=clients.service_token())
    return SurveyRead.model_validate(to_dict(reply))


@router.post("/surveys/{token}", response_model=SurveyRead)
async def answer_survey(
    token: Token, body: SurveyAnswer, clients: ServiceClients, incentives: Incentives,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> SurveyRead:
    """A score 1–5 and a comment, once (the identical answer retried gets 200, unchanged):
    a used link answers 409, an expired one 410, a score outside 1–5 answers 422 naming
    `score`; nothing is saved then."""
    request = pb.AnswerSurveyRequest(token=token, score=body.score, comment=body.comment)
    try:
        reply = await incentives.call("AnswerSurvey", request,
                                      user_token=clients.service_token())
    except grpc.aio.AioRpcError as error:
        if _expired(error):
            raise Problem(410, "gone", detail=error.details() or "") from error
        raise
    return SurveyRead.model_validate(to_dict(reply))


def _expired(error: grpc.aio.AioRpcError) -> bool:
    if error.code() != grpc.StatusCode.FAILED_PRECONDITION:
        return False
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    for detail in status.details if status else ():
        if detail.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR):
            failure = error_details_pb2.PreconditionFailure()
            detail.Unpack(failure)
            return any(v.type == "expired" for v in failure.violations)
    return False
