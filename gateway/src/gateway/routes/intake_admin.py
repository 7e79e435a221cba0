"""Intake sources, their API keys and the ad platforms' signing secrets (admins change;
directors may read). A key or secret is shown once, in the answer that made it.

Revoking a key or deactivating a source takes effect within SALESOS_INTAKE_KEY_CACHE_SECONDS
(5 s by default) on every gateway replica; a new source and its keys work at once."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response
from fastapi.responses import StreamingResponse
from servicekit.auth import Principal

from gateway import intake_admin, intake_key_admin, intake_secrets
from gateway.adapters import intake_sources_repo as repo
from gateway.deps import CurrentUser, Session
from gateway.intake_admin_schemas import (
    KeyCreate,
    KeyIssued,
    KeyPage,
    SecretIssued,
    SecretRotate,
    SourceCreate,
    SourcePage,
    SourceRead,
    SourceUpdate,
)
from gateway.problems import Problem
from gateway.routes import API_PREFIX
from gateway.spreadsheets import SHANGHAI, XLSX, Sheet, xlsx_download

router = APIRouter(prefix=API_PREFIX + "/admin/intake-sources", tags=["admin"])
IdempotencyKey = Annotated[str | None, Header(
    max_length=200, description="a retry with the same key answers the first request")]


async def _admin(user: CurrentUser) -> Principal:
    if user.role != "admin":
        raise Problem(403, "forbidden", detail="只有管理员可以管理接入来源和密钥")
    return user


async def _reader(user: CurrentUser) -> Principal:
    if user.role not in ("admin", "director"):
        raise Problem(403, "forbidden", detail="只有管理员或总监可以查看接入来源")
    return user


Admin = Annotated[Principal, Depends(_admin)]
_FORBIDDEN = {403: {"description": "not an admin (reads: not an admin or director)"}}
_MISSING = {404: {"description": "no such source (or key of it)"}}
_WRONG_KIND = {409: {"description": "keys are for API-key sources, secrets for ad platforms"}}
Reader = Annotated[Principal, Depends(_reader)]


@router.get("", response_model=SourcePage, responses=_FORBIDDEN)
async def list_sources(_: Reader, session: Session) -> SourcePage:
    """Every source, retired ones too, by name; never a key or a secret."""
    rows = await repo.list_sources(session)
    return SourcePage(items=[intake_admin.source_read(r.source, r.live_keys) for r in rows])


SOURCE_HEADERS = ["来源标识", "名称", "类型", "状态", "每分钟限额", "有效密钥数", "签名密钥",
                  "创建时间"]
_KIND_ZH = {"api_key": "API Key", "ad_platform": "广告平台（签名）"}


@router.get("/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}, **_FORBIDDEN})
async def export_sources(_: Reader, session: Session) -> StreamingResponse:
    reads = [intake_admin.source_read(r.source, r.live_keys)
             for r in await repo.list_sources(session)]

    def build() -> Sheet:
        sheet = Sheet("接入来源", SOURCE_HEADERS)
        for s in reads:
            sheet.append([s.name, s.display_name, _KIND_ZH[s.kind],
                          "启用" if s.active else "停用", s.rate_limit_per_minute or "默认",
                          s.live_keys, "已设置" if s.signing_secret_set else "—",
                          s.created_at.astimezone(SHANGHAI).replace(tzinfo=None)])
        return sheet

    return await xlsx_download(build, "intake-sources", "接入来源")


@router.post("", status_code=201, response_model=SourceRead,
             responses={**_FORBIDDEN, 409: {"description": "the name is taken"}})
async def create_source(body: SourceCreate, user: Admin, session: Session,
                        idempotency_key: IdempotencyKey = None) -> SourceRead:
    """409 when the name is taken. Assignment rules can name it at once (within the leads
    service's 5 s directory cache)."""
    return await intake_admin.create_source(session, by=user, body=body,
                                            idempotency_key=idempotency_key)


@router.patch("/{source_id}", response_model=SourceRead, responses={**_FORBIDDEN, **_MISSING})
async def update_source(source_id: uuid.UUID, body: SourceUpdate, user: Admin,
                        session: Session) -> SourceRead:
    """`active: false` stops its keys and its ad webhooks (keys within the cache TTL, 5 s);
    leads it brought keep it as their source."""
    return await intake_admin.update_source(session, by=user, source_id=source_id, body=body)


@router.get("/{source_id}/keys", response_model=KeyPage, responses={**_FORBIDDEN, **_MISSING})
async def list_keys(source_id: uuid.UUID, _: Reader, session: Session) -> KeyPage:
    """Live keys first, newest first; each with its last 4 characters, never the key."""
    await intake_admin.load_source(session, source_id)
    keys = await repo.keys_of(session, source_id=source_id)
    return KeyPage(items=[intake_admin.key_read(k) for k in keys])


@router.post("/{source_id}/keys", status_code=201, response_model=KeyIssued,
             responses={**_FORBIDDEN, **_MISSING, **_WRONG_KIND})
async def issue_key(source_id: uuid.UUID, body: KeyCreate, user: Admin, session: Session,
                    idempotency_key: IdempotencyKey = None) -> KeyIssued:
    """A new key for the source, shown in this answer only (stored as SHA-256); it works
    at once. Ad platform sources sign instead (409)."""
    return await intake_key_admin.issue_key(session, by=user, source_id=source_id,
                                        label=body.label, idempotency_key=idempotency_key)


@router.delete("/{source_id}/keys/{key_id}", status_code=204, response_class=Response,
               responses={**_FORBIDDEN, **_MISSING})
async def revoke_key(source_id: uuid.UUID, key_id: uuid.UUID, user: Admin,
                     session: Session) -> Response:
    """Revokes the key (again: nothing changes). It stops working within
    SALESOS_INTAKE_KEY_CACHE_SECONDS (5 s by default) on every gateway replica."""
    await intake_key_admin.revoke_key(session, by=user, source_id=source_id, key_id=key_id)
    return Response(status_code=204)


@router.post("/{source_id}/signing-secret", status_code=201, response_model=SecretIssued,
             responses={**_FORBIDDEN, **_MISSING, **_WRONG_KIND})
async def rotate_secret(source_id: uuid.UUID, user: Admin, session: Session,
                        body: SecretRotate | None = None,
                        idempotency_key: IdempotencyKey = None) -> SecretIssued:
    """A new HMAC secret for an ad platform source, shown in this answer only. The previous
    secret keeps verifying for `grace_hours` (24 by default; 0 when it leaked) while the
    platform's console is switched over. Takes effect at once."""
    grace = (body or SecretRotate()).grace_hours
    return await intake_secrets.rotate_secret(session, by=user, source_id=source_id,
                                              grace_hours=grace,
                                              idempotency_key=idempotency_key)
