"""The approval matrix (everyone reads, admins publish a version) and the caller's
delegation while away."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from salesos.pipeline.v1 import contracts_pb2 as pb

from gateway.contract_protoconv import matrix_read
from gateway.contract_schemas import DelegationBody, DelegationRead, MatrixRead, MatrixUpdate
from gateway.contracts_client import Contracts
from gateway.deps import BearerToken, CurrentUser
from gateway.protoconv import _time
from gateway.routes import API_PREFIX
from gateway.timefilters import typed_stamp

router = APIRouter(prefix=API_PREFIX, tags=["approvals"])
IdempotencyKey = Annotated[str | None, Header(max_length=200)]


@router.get("/approval-matrix", response_model=MatrixRead)
async def get_matrix(_: CurrentUser, token: BearerToken, contracts: Contracts) -> MatrixRead:
    """Ordered levels: a contract passes every level whose `from_fen` it reaches, lowest
    first."""
    reply = await contracts.call("GetApprovalMatrix", pb.GetApprovalMatrixRequest(),
                                 user_token=token)
    return matrix_read(reply)


@router.put("/approval-matrix", response_model=MatrixRead)
async def put_matrix(body: MatrixUpdate, _: CurrentUser, token: BearerToken,
                     contracts: Contracts,
                     idempotency_key: IdempotencyKey = None) -> MatrixRead:
    """Admin only; a matrix equal to the current one creates no version (retry-safe).
    Contracts already submitted keep their steps."""
    request = pb.PutApprovalMatrixRequest(levels=[pb.MatrixLevel(**level.model_dump())
                                                  for level in body.levels])
    return matrix_read(await contracts.call("PutApprovalMatrix", request, user_token=token))


def _delegation(reply: pb.Delegation) -> DelegationRead:
    return DelegationRead(user_id=reply.user_id, to_user_id=reply.to_user_id or None,
                          until=_time(reply, "until"))


@router.get("/me/delegation", response_model=DelegationRead)
async def get_delegation(_: CurrentUser, token: BearerToken,
                         contracts: Contracts) -> DelegationRead:
    return _delegation(await contracts.call("GetDelegation", pb.GetDelegationRequest(),
                                            user_token=token))


@router.put("/me/delegation", response_model=DelegationRead)
async def set_delegation(body: DelegationBody, _: CurrentUser, token: BearerToken,
                         contracts: Contracts,
                         idempotency_key: IdempotencyKey = None) -> DelegationRead:
    """While away: approval steps that would wait for you go to `to_user_id` until
    `until` (recorded as delegated from you); steps already waiting move at once.
    `to_user_id: null` ends it. A step that answers for a discount needs a delegate allowed
    to approve that discount: 422 on `to_user_id` (nothing changed) while such a step waits
    for you; one that starts later stays yours when the delegate lacks the power.
    Ending it (or `until` passing) gives back the steps the delegate has not decided.
    Managers, directors and admins only (403 otherwise); `until` is required (422)."""
    request = pb.SetDelegationRequest(to_user_id=body.to_user_id or "",
                                      until=typed_stamp(body.until))
    return _delegation(await contracts.call("SetDelegation", request, user_token=token))
