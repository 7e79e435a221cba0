"""The customer's signer, without an account: the one-time link shows the exact document
and signs it with the SMS code. The gateway calls the pipeline under its own service
token and passes the signer's IP and user agent for the audit trail."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Request
from salesos.pipeline.v1 import contracts_pb2 as pb

from gateway.contract_schemas import SignatureReceiptRead, SignBody, SigningDocumentRead
from gateway.contracts_client import Contracts
from gateway.deps import ServiceClients
from gateway.protoconv import _time
from gateway.public_limit import public_rate_limited
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["signing"],
                   dependencies=[Depends(public_rate_limited)])
Token = Annotated[str, Path(min_length=20, max_length=100)]


@router.get("/sign/{token}", response_model=SigningDocumentRead)
async def document(token: Token, contracts: Contracts,
                   clients: ServiceClients) -> SigningDocumentRead:
    """Public. 404 for an unknown link; 409 when used, locked or expired."""
    r = await contracts.call("GetSigningDocument", pb.SigningTokenRequest(token=token),
                             user_token=clients.service_token())
    return SigningDocumentRead(
        contract_id=r.contract_id, version=r.version, document=r.document,
        document_sha256=r.document_sha256, account_name=r.account_name,
        signer_name=r.signer_name, expires_at=_time(r, "expires_at"),
        attempts_left=r.attempts_left)


@router.post("/sign/{token}", response_model=SignatureReceiptRead)
async def sign(token: Token, body: SignBody, request: Request, contracts: Contracts,
               clients: ServiceClients,
               user_agent: Annotated[str, Header()] = "") -> SignatureReceiptRead:
    """Public. A wrong code is 422 (`field: code`, attempts left in `detail`; five wrong
    codes lock the link); a used, locked or expired link is 409; nothing is signed."""
    r = await contracts.call("Sign", pb.SignRequest(
        token=token, code=body.code, signer_name=body.signer_name,
        ip=request.client.host if request.client else "", user_agent=user_agent),
        user_token=clients.service_token())
    return SignatureReceiptRead(contract_id=r.contract_id, document_sha256=r.document_sha256,
                                signed_at=_time(r, "signed_at"), signer_name=r.signer_name)
