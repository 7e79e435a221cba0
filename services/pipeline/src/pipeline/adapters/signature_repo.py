"""Signature requests (digests only) and the append-only audit trail."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from pipeline.adapters.contracts_orm import signature_audit, signature_requests
from pipeline.domain.signature import SignatureRequest


async def add(session: AsyncSession, request: SignatureRequest, *, created_by: str,
              idempotency_key: str | None, now: datetime,
              request_hash: str | None = None) -> None:
    await session.execute(insert(signature_requests).values(
        id=uuid.UUID(request.id), contract_id=uuid.UUID(request.contract_id),
        version=request.version, token_sha256=request.token_sha256,
        code_sha256=request.code_sha256, signer_name=request.signer_name,
        signer_phone=request.signer_phone, expires_at=request.expires_at,
        attempts=request.attempts, status=request.status, created_by=created_by,
        idempotency_key=idempotency_key, request_hash=request_hash, created_at=now))


async def hash_of_key(session: AsyncSession, *, created_by: str, key: str) -> str | None:
    """The fingerprint the key's latest request came with (None: no such key, or a row
    from before fingerprints)."""
    return (await session.execute(select(signature_requests.c.request_hash).where(
        signature_requests.c.created_by == created_by,
        signature_requests.c.idempotency_key == key))).scalar_one_or_none()


async def supersede(session: AsyncSession, *, created_by: str, key: str) -> None:
    await session.execute(update(signature_requests).where(
        signature_requests.c.created_by == created_by,
        signature_requests.c.idempotency_key == key).values(
        idempotency_key=None, status="superseded"))


async def supersede_open(session: AsyncSession, *, contract_id: str) -> None:
    """Every link of the contract still waiting for the signer stops working."""
    await session.execute(update(signature_requests).where(
        signature_requests.c.contract_id == uuid.UUID(contract_id),
        signature_requests.c.status == "open").values(status="superseded"))


async def supersede_other_signers(session: AsyncSession, *, contract_id: str,
                                  signer_name: str, signer_phone: str) -> None:
    """The contract's open links for anyone but this signer stop working."""
    r = signature_requests.c
    await session.execute(update(signature_requests).where(
        r.contract_id == uuid.UUID(contract_id), r.status == "open",
        or_(r.signer_name != signer_name, r.signer_phone != signer_phone)).values(
        status="superseded"))


async def by_token(session: AsyncSession, *, token_sha256: str, for_update: bool = False
                   ) -> SignatureRequest | None:
    query = select(signature_requests).where(signature_requests.c.token_sha256 == token_sha256)
    row = (await session.execute(query.with_for_update() if for_update else query)).first()
    return _request(row) if row else None


async def save(session: AsyncSession, request: SignatureRequest) -> None:
    await session.execute(update(signature_requests).where(
        signature_requests.c.id == uuid.UUID(request.id)).values(
        attempts=request.attempts, status=request.status))


async def append(session: AsyncSession, **entry: Any) -> None:
    entry["contract_id"] = uuid.UUID(entry["contract_id"])
    entry["request_id"] = uuid.UUID(entry["request_id"])
    await session.execute(insert(signature_audit).values(**entry))


async def signed_entry(session: AsyncSession, *, contract_id: str) -> Any:
    return (await session.execute(select(signature_audit).where(
        signature_audit.c.contract_id == uuid.UUID(contract_id),
        signature_audit.c.action == "signed").order_by(signature_audit.c.id.desc())
        .limit(1))).first()


async def signed_entries(session: AsyncSession, *, contract_ids: list[str]) -> dict[str, Any]:
    """`signed_entry` of each of these contracts that has one, in one statement."""
    if not contract_ids:
        return {}
    rows = await session.execute(
        select(signature_audit).ext(distinct_on(signature_audit.c.contract_id)).where(
            signature_audit.c.contract_id.in_([uuid.UUID(i) for i in contract_ids]),
            signature_audit.c.action == "signed")
        .order_by(signature_audit.c.contract_id, signature_audit.c.id.desc()))
    return {str(r.contract_id): r for r in rows}


def _request(r: Any) -> SignatureRequest:
    return SignatureRequest(id=str(r.id), contract_id=str(r.contract_id), version=r.version,
                            token_sha256=r.token_sha256, code_sha256=r.code_sha256,
                            signer_name=r.signer_name, signer_phone=r.signer_phone,
                            expires_at=r.expires_at, attempts=r.attempts, status=r.status)
