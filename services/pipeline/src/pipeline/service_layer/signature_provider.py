"""The seam an external e-signature vendor replaces.

`SignatureProvider.invite` starts a signature for an approved contract and tells the
signer how to sign. The built-in provider makes a one-time link token and a 6-digit
code, stores only their digests, and hands the code to notifications for the SMS
(`pipeline.signature_requested`). A vendor's provider would instead create the envelope
over the vendor's API and report completion through a webhook that calls
`signing.complete` with the document hash the vendor signed — the audit trail, the
contract's status and `pipeline.signature_completed` stay the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork
from uuid6 import uuid7

from pipeline.adapters import signature_repo
from pipeline.domain import signature
from pipeline.domain.contracts import Contract


@dataclass(frozen=True)
class Invite:
    request_id: str
    token: str
    code: str
    expires_at: datetime
    signer_phone: str


class SignatureProvider(Protocol):
    async def invite(self, uow: UnitOfWork, contract: Contract, *, signer_name: str,
                     signer_phone: str, created_by: str, key: str | None,
                     request_hash: str | None, now: datetime) -> Invite: ...


class BuiltinProvider:
    async def invite(self, uow: UnitOfWork, contract: Contract, *, signer_name: str,
                     signer_phone: str, created_by: str, key: str | None,
                     request_hash: str | None, now: datetime) -> Invite:
        request_id, token, code = str(uuid7()), signature.new_token(), signature.new_code()
        request = signature.SignatureRequest(
            id=request_id, contract_id=contract.id, version=contract.current.version,
            token_sha256=signature.sha256(token),
            code_sha256=signature.code_digest(request_id, code), signer_name=signer_name,
            signer_phone=signer_phone, expires_at=now + signature.VALID_FOR)
        await signature_repo.add(uow.session, request, created_by=created_by,
                                 idempotency_key=key, request_hash=request_hash, now=now)
        await signature_repo.append(uow.session, contract_id=contract.id, request_id=request_id,
                                    action="requested", version=request.version,
                                    signer_name=signer_name, at=now)
        uow.publish(ev_pb2.SignatureRequested(
            contract_id=contract.id, opportunity_id=contract.opportunity_id,
            request_id=request_id, signer_name=signer_name, signer_phone=signer_phone,
            code=code, link_token=token, expires_at=ts(request.expires_at),
            account_name=contract.account_name, owner_id=contract.owner_id),
            type="pipeline.signature_requested", aggregate_id=contract.id)
        return Invite(request_id, token, code, request.expires_at, signer_phone)
