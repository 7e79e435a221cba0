"""Ad-platform lead webhooks: HMAC-signed, rate limited per source, replay-protected.

`X-Signature` is checked against the source's secret (and, for a grace period after a
rotation, its previous one: intake_secrets.py); a signature already seen in the
replay window is refused, and released again when the lead could not be stored, so the
platform's retry of a 503 is not taken for a replay. A known customer's arrival answers
202 with the existing lead's id (it was recorded as a touch on it)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Annotated

import grpc
from fastapi import APIRouter, Header, Path, Request
from salesos.leads.v1 import leads_pb2
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import State

from gateway.adapters import intake_guard
from gateway.adapters.orm import IntakeSource
from gateway.ads_mapping import PLATFORM_FIELDS, PLATFORMS, AdLead, MappingError, map_lead
from gateway.deps import Session
from gateway.intake_deps import admit
from gateway.intake_secrets import accepted_secrets
from gateway.lane import Call, Fallback
from gateway.notification_fields import rest_fields
from gateway.problems import FieldProblem, Problem, validation_problem
from gateway.routes import API_PREFIX
from gateway.routes.intake import IdempotencyKey
from gateway.schemas import IntakeAccepted
from gateway.seed_channels import ad_source_name
from gateway.signatures import MAX_SKEW_SECONDS, SignatureRejected, verify_any

router = APIRouter(prefix=API_PREFIX, tags=["intake"])
PREFIX = API_PREFIX + "/intake/ads/"  # + the platform

_AD_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"type": "object", "description": "the platform's own lead JSON"}}}}}
# A timestamp is accepted up to MAX_SKEW_SECONDS either side of now, so one signature
# stays valid for twice that: it is remembered that long.
REPLAY_WINDOW = timedelta(seconds=2 * MAX_SKEW_SECONDS)


async def _signed_source(session: AsyncSession, platform: str, raw: bytes,
                         timestamp: str | None, signature: str | None) -> IntakeSource:
    source = await intake_guard.source_by_name(session, name=ad_source_name(platform))
    if platform not in PLATFORMS or source is None or not source.signing_secret:
        raise Problem(404, "not_found", detail=f"未知的广告平台：{platform}", field="platform")
    try:
        now = time.time()
        verify_any(secrets=accepted_secrets(source, datetime.fromtimestamp(now, UTC)),
                   timestamp=timestamp, signature=signature, body=raw, now=now)
    except SignatureRejected as error:
        raise Problem(401, "unauthorized", detail=error.message, field=error.field) from error
    return source


def _mapped(platform: str, raw: bytes) -> AdLead:
    try:
        return map_lead(platform, json.loads(raw))
    except MappingError as error:
        raise validation_problem([FieldProblem(error.field, error.message)]) from error
    except (ValueError, RecursionError) as error:  # not JSON, not UTF-8, nested too deep
        raise validation_problem([FieldProblem("body", "JSON 格式无效")]) from error


async def accept_ad_lead(state: State, session: AsyncSession, source: IntakeSource,
                         platform: str, raw: bytes, x_signature: str | None,
                         idempotency_key: str | None) -> IntakeAccepted:
    """Everything after the signature checked out: each step has an effect."""
    await admit(state, source)  # type: ignore[arg-type]  # IntakeSource has what SourceRef has
    # Mapped before the signature is claimed: a payload that does not fit is refused the
    # same way on the platform's retry, not taken for a replay of itself.
    lead = _mapped(platform, raw)
    signature = (x_signature or "").strip().lower()
    if not await intake_guard.claim_signature(session, source_id=source.id, signature=signature,
                                              now=datetime.now(UTC), window=REPLAY_WINDOW):
        raise Problem(401, "unauthorized", detail="重复的请求（签名已使用过）", field="X-Signature")
    fields = {k: v for k, v in lead.__dict__.items() if k != "external_id"}
    try:
        # A bad value is named as the platform sent it (`telephone`, not our `phone`).
        with rest_fields(PLATFORM_FIELDS[platform]):
            reply = await state.clients.create_lead(leads_pb2.CreateLeadRequest(
                idempotency_key=idempotency_key or f"{platform}:{lead.external_id}",
                source=source.name, source_kind=source.category, channel="ads", **fields))
    except (grpc.aio.AioRpcError, Problem):
        # Not accepted: the platform's retry of this very request must not be a "replay".
        await intake_guard.release_signature(session, source_id=source.id, signature=signature)
        raise
    return IntakeAccepted(lead_id=reply.lead_id)


@router.post("/intake/ads/{platform}", status_code=202, response_model=IntakeAccepted,
             openapi_extra=_AD_BODY)
async def ad_lead(
    platform: Annotated[str, Path(description=f"one of {', '.join(PLATFORMS)}")],
    request: Request, session: Session,
    x_timestamp: Annotated[str | None, Header(description="unix seconds")] = None,
    x_signature: Annotated[str | None, Header(
        description='sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>')] = None,
    idempotency_key: IdempotencyKey = None,
) -> IntakeAccepted:
    raw = await request.body()
    source = await _signed_source(session, platform, raw, x_timestamp, x_signature)
    return await accept_ad_lead(request.app.state, session, source, platform, raw,
                                x_signature, idempotency_key)


async def lean_ad_lead(call: Call) -> tuple[int, IntakeAccepted]:
    """`ad_lead` on the lean path (lane.py): an unknown platform or a bad signature falls
    back before anything is counted or claimed."""
    platform, signature = call.path_params["platform"], call.header(b"x-signature")
    idempotency_key = call.idempotency_key()
    async with call.state.sessions() as session:
        try:
            source = await _signed_source(session, platform, call.body,
                                          call.header(b"x-timestamp"), signature)
        except Problem as error:
            raise Fallback from error
        accepted = await accept_ad_lead(call.state, session, source, platform, call.body,
                                        signature, idempotency_key)
    return 202, accepted
