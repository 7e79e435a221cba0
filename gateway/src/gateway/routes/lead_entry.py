"""Manual entry and manual merges of leads, under the caller's own token (the leads
service scopes and decides: a rep's own entry is theirs at once; merges need the manager
of both leads' regions, a director or an admin)."""

from __future__ import annotations

import hashlib
import uuid

from fastapi import APIRouter, Response
from salesos.leads.v1 import leads_pb2
from servicekit.auth import Principal

from gateway.clients import Clients
from gateway.deps import BearerToken, CurrentUser, ServiceClients
from gateway.intake_schemas import LeadCreate, LeadCreated, LeadMergeCreate
from gateway.lane import Call, Fallback
from gateway.problems import Problem
from gateway.protoconv import merge_read
from gateway.routes import API_PREFIX
from gateway.routes.intake import IdempotencyKey
from gateway.schemas import LeadMergeRead
from gateway.token_check import user_from_token

router = APIRouter(prefix=API_PREFIX, tags=["leads"])
PATH = API_PREFIX + "/leads"
ENTRY_ROLES = frozenset({"rep", "manager", "director", "admin"})
KEY_LIMIT = 200  # the leads service's idempotency key limit


def _personal_key(user_id: str, key: str) -> str:
    """Keys are per person: two reps' "1" must not collide inside the manual source. The
    header may be 200 characters, as much as the service keeps: with the user id in
    front, a long key is stood for by its digest, so every key the header allows works."""
    personal = f"{user_id}:{key}"
    if len(personal) <= KEY_LIMIT:
        return personal
    return f"{user_id}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


async def enter_lead(clients: Clients, user: Principal, token: str, body: LeadCreate,
                     idempotency_key: str | None) -> tuple[int, LeadCreated]:
    if user.role not in ENTRY_ROLES:
        raise Problem(403, "forbidden", detail="只有销售、经理、总监或管理员可以录入线索")
    key = _personal_key(user.user_id, idempotency_key) if idempotency_key \
        else f"gw-{uuid.uuid4()}"
    reply = await clients.create_lead_as_user(leads_pb2.CreateLeadRequest(
        idempotency_key=key, source="manual", channel="manual", **body.model_dump()),
        user_token=token)
    # A retry answers what the first call did, status included, like every keyed write:
    # the service says created=false for any repeated key, but only an arrival that was
    # a known customer's touch (merged) answered 200 the first time.
    created = not reply.merged
    return 201 if created else 200, LeadCreated(
        lead_id=reply.lead_id, created=created, duplicate_of=reply.duplicate_of or None,
        match_reason=reply.match_reason or None)


@router.post("/leads", status_code=201, response_model=LeadCreated,
             responses={200: {"model": LeadCreated, "description": "the customer was known"}})
async def create_lead(body: LeadCreate, user: CurrentUser, token: BearerToken,
                      clients: ServiceClients, response: Response,
                      idempotency_key: IdempotencyKey = None) -> LeadCreated:
    response.status_code, created = await enter_lead(clients, user, token, body,
                                                     idempotency_key)
    return created


async def lean_create_lead(call: Call) -> tuple[int, LeadCreated]:
    """`create_lead` on the lean path (lane.py): a missing, bad or retired token, or a
    role that may not enter leads, falls back (401/403 there)."""
    body = call.json(LeadCreate)
    idempotency_key = call.idempotency_key()
    scheme, _, token = (call.header(b"authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Fallback
    try:
        user = await user_from_token(call.state, token)
    except Problem as error:  # the FastAPI route answers the same 401
        raise Fallback from error
    if user.role not in ENTRY_ROLES:
        raise Fallback
    return await enter_lead(call.state.clients, user, token, body, idempotency_key)


@router.post("/leads/{lead_id}/merge", response_model=LeadMergeRead)
async def merge_leads(lead_id: str, body: LeadMergeCreate, _: CurrentUser, token: BearerToken,
                      clients: ServiceClients, idempotency_key: IdempotencyKey = None
                      ) -> LeadMergeRead:
    # Naturally idempotent: merging the same pair again answers the same merge.
    return merge_read(await clients.merge_leads(lead_id, str(body.other_lead_id),
                                                user_token=token))


@router.delete("/leads/{lead_id}/merges/{merge_id}", response_model=LeadMergeRead)
async def undo_merge(lead_id: str, merge_id: str, _: CurrentUser, token: BearerToken,
                     clients: ServiceClients, idempotency_key: IdempotencyKey = None
                     ) -> LeadMergeRead:
    # Undoing an undone merge answers it unchanged.
    return merge_read(await clients.unmerge_leads(lead_id, merge_id, user_token=token))
