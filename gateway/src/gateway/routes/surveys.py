"""Customer satisfaction surveys: public, no login; the one-time token is the key. The
gateway asks the incentives service under its own service token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path
from salesos.incentives.v1 import incentives_pb2 as pb

from gateway.deps import ServiceClients
from gateway.incentives_client import Incentives, to_dict
from gateway.incentives_schemas import SurveyAnswer, SurveyRead
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["surveys"])
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
    """A score 1–5 and a comment, once: a used or expired link answers 409, a score
    outside 1–5 answers 422 naming `score`."""
    reply = await incentives.call("AnswerSurvey", pb.AnswerSurveyRequest(
        token=token, score=body.score, comment=body.comment),
        user_token=clients.service_token())
    return SurveyRead.model_validate(to_dict(reply))
