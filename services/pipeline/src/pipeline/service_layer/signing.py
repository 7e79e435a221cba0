"""Signature: invite the customer's signer (approved contracts only), show them the exact
document (contract_document.py, which also verifies it later), and sign: the invited
signer, by name, with the code.

Each invite makes a fresh request (a new link and code) and stops the contract's open
links for any other signer: a replaced signer could sign before (links sent again to the
same signer all stay usable). A retried invite with the same Idempotency-Key stops the
key's earlier link: only digests are stored, so the first link cannot be shown twice.
The key sent for another contract or signer is refused (servicekit.idempotency) before
anything changes, so it never stops a link it was not meant for. A wrong code is counted
(and committed) before the 422 goes out; the contract itself changes only on a correct code.
"""

from __future__ import annotations

from datetime import datetime

import phonenumbers
from salesos.pipeline.v1 import contracts_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import Conflict, FieldError, NotFound, PermissionDenied
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters import contracts_repo, signature_repo
from pipeline.domain import signature, stage_rules
from pipeline.domain.access import may_work
from pipeline.domain.contracts import APPROVED, STATUS_LABELS, Contract
from pipeline.service_layer import contract_document, stage_guard
from pipeline.service_layer import contract_messages as messages
from pipeline.service_layer.contract_deps import ContractDeps
from pipeline.service_layer.contracting import check_deal_side, visible
from pipeline.service_layer.deps import SOURCE
from pipeline.service_layer.signature_provider import BuiltinProvider, SignatureProvider

PROVIDER: SignatureProvider = BuiltinProvider()


def mobile(value: str) -> str:
    try:
        number = phonenumbers.parse(value.strip(), "CN")
    except phonenumbers.NumberParseException as error:
        raise FieldError("signer_phone", "手机号码格式不正确") from error
    if not phonenumbers.is_valid_number(number):
        raise FieldError("signer_phone", "手机号码无效")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


async def request_signature(request: pb.RequestSignatureRequest, principal: Principal,
                            deps: ContractDeps) -> pb.SignatureInvite:
    if not may_work(role=principal.role):
        raise PermissionDenied("无权发起合同签署")
    name, phone = signature.signer_name(request.signer_name), mobile(request.signer_phone)
    key = request.idempotency_key or None
    asked = fingerprint(request.contract_id, name, phone) if key else None
    async with UnitOfWork(deps.base.sessions, source=SOURCE) as uow:
        c = await visible(uow.session, request.contract_id, principal, deps.org,
                          for_update=True)
        await check_deal_side(c, principal, "发起合同签署", deps.org)
        if c.status != APPROVED:
            raise Conflict("只有审批通过、尚未签署的合同才能发起签署")
        await stage_guard.require_signing(
            uow.session, await stage_guard.deal_of(uow.session, c.opportunity_id))
        if key:  # a retry supersedes the key's earlier request (see module docstring)
            check_same_request(stored=await signature_repo.hash_of_key(
                uow.session, created_by=principal.user_id, key=key), arriving=asked)
            await signature_repo.supersede(uow.session, created_by=principal.user_id, key=key)
        # A signer replaced must not be able to sign through their earlier link; links
        # sent again to the same signer (an SMS that did not arrive) all stay usable.
        await signature_repo.supersede_other_signers(
            uow.session, contract_id=c.id, signer_name=name, signer_phone=phone)
        invite = await PROVIDER.invite(uow, c, signer_name=name, signer_phone=phone,
                                       created_by=principal.user_id, key=key,
                                       request_hash=asked, now=deps.base.clock())
        await uow.commit()
    return pb.SignatureInvite(request_id=invite.request_id, contract_id=c.id, token=invite.token,
                              expires_at=messages.ts(invite.expires_at),
                              signer_phone=invite.signer_phone,
                              demo_code=invite.code if deps.demo else "")


def _service_only(principal: Principal) -> None:
    if principal.role != "service":
        raise PermissionDenied("签署接口仅供网关调用")


async def _by_token(session: AsyncSession, token: str, *, for_update: bool = False
                    ) -> signature.SignatureRequest:
    found = await signature_repo.by_token(session, token_sha256=signature.sha256(token),
                                          for_update=for_update) if token else None
    if found is None:
        raise NotFound("签署链接无效")
    return found


def _current(c: Contract, req: signature.SignatureRequest) -> None:
    """Only the approved current version is signed: not through a link of a contract
    signed meanwhile through another one, voided, or revised since the link was sent."""
    if c.status != APPROVED:
        raise Conflict(f"合同{STATUS_LABELS[c.status]}，不能再签署")
    if req.version != c.current.version:
        raise Conflict("合同条款已修改，请使用新的签署链接")


async def get_document(token: str, principal: Principal, deps: ContractDeps
                       ) -> pb.SigningDocument:
    _service_only(principal)
    async with deps.base.sessions() as session:
        req = await _by_token(session, token)
        req.usable(deps.base.clock())
        c = await contracts_repo.get(session, contract_id=req.contract_id)
        assert c is not None
        _current(c, req)
        text = await contract_document.document(session, c, req.version)
    return pb.SigningDocument(
        contract_id=c.id, version=req.version, document=text,
        document_sha256=signature.sha256(text), account_name=c.account_name,
        signer_name=req.signer_name, expires_at=messages.ts(req.expires_at),
        attempts_left=req.attempts_left)


async def sign(request: pb.SignRequest, principal: Principal,
               deps: ContractDeps) -> pb.SignatureReceipt:
    _service_only(principal)
    name = signature.signer_name(request.signer_name)
    now = deps.base.clock()
    async with UnitOfWork(deps.base.sessions, source=SOURCE) as uow:
        # The deal first, as losing it locks it before the contract and its links.
        found = await _by_token(uow.session, request.token)
        opp = await stage_guard.deal_of(uow.session, await _deal_id(uow.session, found),
                                        for_update=True)
        req = await _by_token(uow.session, request.token, for_update=True)
        req.usable(now)  # an expired or used link says so before anything else
        req.check_signer(name)
        await stage_guard.require_signing(uow.session, opp)  # before a code attempt counts
        try:
            req.check_code(request.code, now)
        except signature.WrongCode as wrong:
            await signature_repo.save(uow.session, req)
            await uow.commit()  # the attempt counts even though the answer is an error
            raise FieldError("code", str(wrong)) from wrong
        await signature_repo.save(uow.session, req)
        digest = await complete(uow, req, signer_name=name, ip=request.ip,
                                user_agent=request.user_agent, now=now)
        await uow.commit()
    return pb.SignatureReceipt(contract_id=req.contract_id, document_sha256=digest,
                               signed_at=messages.ts(now), signer_name=name)


async def complete(uow: UnitOfWork, req: signature.SignatureRequest, *, signer_name: str,
                   ip: str, user_agent: str, now: datetime) -> str:
    """The contract is signed (`record_signed`) and pipeline.signature_completed is staged.
    Shared by every provider (a vendor's webhook would call this once it has verified the
    vendor's callback); returns the document's SHA-256."""
    opp = await stage_guard.deal_of(uow.session, await _deal_id(uow.session, req),
                                    for_update=True)
    c = await contracts_repo.get(uow.session, contract_id=req.contract_id, for_update=True)
    assert c is not None
    _current(c, req)
    await stage_guard.require_signing(uow.session, opp)
    digest = await record_signed(uow.session, c, req, signer_name=signer_name, ip=ip,
                                 user_agent=user_agent, now=now)
    await stage_guard.tick(uow.session, opp, stage_rules.CUSTOMER_SIGNS, by="", now=now)
    messages.publish(uow, c)
    return digest


async def record_signed(session: AsyncSession, c: Contract, req: signature.SignatureRequest, *,
                        signer_name: str, ip: str, user_agent: str, now: datetime) -> str:
    """The exact rendering and its hash go to the audit trail and the contract becomes
    `signed` (nothing published: the demo history writes its past signatures so)."""
    text = await contract_document.document(session, c, req.version)
    digest = signature.sha256(text)
    c.sign(digest, signer_name, now)
    await contracts_repo.save_status(session, c)
    await signature_repo.append(
        session, contract_id=c.id, request_id=req.id, action="signed", version=req.version,
        document=text, document_sha256=digest, signer_name=signer_name, ip=ip[:100],
        user_agent=user_agent[:500], at=now)
    return digest


async def _deal_id(session: AsyncSession, req: signature.SignatureRequest) -> str:
    c = await contracts_repo.get(session, contract_id=req.contract_id)
    assert c is not None  # a link always has its contract
    return c.opportunity_id
