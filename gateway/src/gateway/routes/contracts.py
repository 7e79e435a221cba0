"""Contracts: drafted from an accepted quote, versioned terms and their diff, approval
by the matrix (submit, decide), the signature request and verification. The pipeline's
ContractService decides; a decision by anyone but the pending approver is 403."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from salesos.pipeline.v1 import contracts_pb2 as pb

from gateway.contract_protoconv import contract_read, terms_request
from gateway.contract_schemas import (
    ClauseChangeRead,
    ContractCreate,
    ContractDiffRead,
    ContractRead,
    DecisionBody,
    SignatureInviteRead,
    SignatureRequestBody,
    TermsBody,
    VerificationRead,
)
from gateway.contracts_client import Contracts
from gateway.deps import BearerToken, CurrentUser
from gateway.protobounds import INT32_MAX
from gateway.protoconv import _time
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["contracts"])
IdempotencyKey = Annotated[str | None, Header(max_length=200)]


@router.post("/opportunities/{opportunity_id}/contracts", status_code=201,
             response_model=ContractRead)
async def create_contract(opportunity_id: str, body: ContractCreate, _: CurrentUser,
                          token: BearerToken, contracts: Contracts,
                          idempotency_key: IdempotencyKey = None) -> ContractRead:
    """Version 1 of the terms, from a quote the customer accepted (`price_fen` defaults to
    the quote's total). The same Idempotency-Key from the same person returns it again."""
    request = pb.CreateContractRequest(opportunity_id=opportunity_id, quote_id=body.quote_id,
                                       terms=terms_request(body),
                                       idempotency_key=idempotency_key or "")
    return contract_read(await contracts.call("CreateContract", request, user_token=token))


@router.get("/contracts/{contract_id}", response_model=ContractRead)
async def get_contract(contract_id: str, _: CurrentUser, token: BearerToken,
                       contracts: Contracts) -> ContractRead:
    reply = await contracts.call("GetContract", pb.GetContractRequest(contract_id=contract_id),
                                 user_token=token)
    return contract_read(reply)


# Idempotent by state: equal terms make no version, a second submit or the same decision
# again changes nothing, so Idempotency-Key is accepted and needs no bookkeeping.
@router.put("/contracts/{contract_id}/terms", response_model=ContractRead)
async def revise_terms(contract_id: str, body: TermsBody, _: CurrentUser, token: BearerToken,
                       contracts: Contracts,
                       idempotency_key: IdempotencyKey = None) -> ContractRead:
    """A new version of the terms (draft or rejected contracts; a rejected one is a draft
    again and can be resubmitted)."""
    request = pb.UpdateContractTermsRequest(contract_id=contract_id, terms=terms_request(body))
    return contract_read(await contracts.call("UpdateContractTerms", request, user_token=token))


@router.get("/contracts/{contract_id}/diff", response_model=ContractDiffRead)
async def diff(contract_id: str, _: CurrentUser, token: BearerToken, contracts: Contracts,
               against: Annotated[int, Query(ge=1, le=INT32_MAX, description="the older version")],
               version: Annotated[int, Query(ge=0, le=INT32_MAX, description="0: current")] = 0,
               ) -> ContractDiffRead:
    """The changed clauses (payment_terms, delivery_date, warranty, penalties, price) with
    old and new values and zh-CN labels."""
    reply = await contracts.call("DiffContract", pb.DiffContractRequest(
        contract_id=contract_id, against=against, version=version), user_token=token)
    return ContractDiffRead(
        contract_id=reply.contract_id, from_version=reply.from_version,
        to_version=reply.to_version,
        changes=[ClauseChangeRead(clause=c.clause, label=c.label, old_value=c.old_value,
                                  new_value=c.new_value, old_text=c.old_text,
                                  new_text=c.new_text) for c in reply.changes])


@router.post("/contracts/{contract_id}/submit", response_model=ContractRead)
async def submit(contract_id: str, _: CurrentUser, token: BearerToken, contracts: Contracts,
                 idempotency_key: IdempotencyKey = None) -> ContractRead:
    """Creates the approval steps from the current matrix; the first one is pending. A
    price below the accepted quote is a discount judged by the discount limits: the step
    that answers for it says why (`reason`), a 折扣审批 step is added when nobody on the
    chain may give it, and above every limit it is 422 on `price_fen`. 409 while the deal
    is before 报价 (a deal sent back there takes its contract out of approval)."""
    reply = await contracts.call("SubmitContract",
                                 pb.SubmitContractRequest(contract_id=contract_id),
                                 user_token=token)
    return contract_read(reply)


@router.post("/contracts/{contract_id}/decisions", response_model=ContractRead,
             responses={403: {"description": "not the pending step's approver"}})
async def decide(contract_id: str, body: DecisionBody, _: CurrentUser, token: BearerToken,
                 contracts: Contracts,
                 idempotency_key: IdempotencyKey = None) -> ContractRead:
    request = pb.DecideContractRequest(contract_id=contract_id, decision=body.decision,
                                       comment=body.comment)
    return contract_read(await contracts.call("DecideContract", request, user_token=token))


@router.post("/contracts/{contract_id}/signature-requests", status_code=201,
             response_model=SignatureInviteRead)
async def request_signature(contract_id: str, body: SignatureRequestBody, _: CurrentUser,
                            token: BearerToken, contracts: Contracts,
                            idempotency_key: IdempotencyKey = None) -> SignatureInviteRead:
    """Approved contracts only: a one-time link for the customer's signer; the 6-digit
    code goes to `signer_phone` by SMS. Inviting another signer stops the links of the
    earlier ones; a retry with the same Idempotency-Key replaces the earlier link (only
    digests are kept, so a link cannot be shown twice)."""
    reply = await contracts.call("RequestSignature", pb.RequestSignatureRequest(
        contract_id=contract_id, signer_name=body.signer_name, signer_phone=body.signer_phone,
        idempotency_key=idempotency_key or ""), user_token=token)
    return SignatureInviteRead(
        request_id=reply.request_id, contract_id=reply.contract_id, token=reply.token,
        link=f"/sign/{reply.token}", api_link=f"{API_PREFIX}/sign/{reply.token}",
        expires_at=_time(reply, "expires_at"),
        signer_phone=reply.signer_phone, demo_code=reply.demo_code or None)


@router.get("/contracts/{contract_id}/verify", response_model=VerificationRead)
async def verify(contract_id: str, _: CurrentUser, token: BearerToken,
                 contracts: Contracts) -> VerificationRead:
    """Re-renders the signed version and compares its SHA-256 with the one recorded at
    signing: `unchanged` false means the document was altered since."""
    r = await contracts.call("VerifyContract", pb.VerifyContractRequest(
        contract_id=contract_id), user_token=token)
    return VerificationRead(
        contract_id=r.contract_id, signed=r.signed, unchanged=r.unchanged,
        signed_sha256=r.signed_sha256 or None, current_sha256=r.current_sha256 or None,
        signed_at=_time(r, "signed_at"), signer_name=r.signer_name or None, ip=r.ip or None,
        user_agent=r.user_agent or None)
