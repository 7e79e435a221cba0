"""Public lead intake: web forms post here with their source's API key."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header
from salesos.leads.v1 import leads_pb2

from gateway.clients import Clients
from gateway.deps import ServiceClients
from gateway.intake_deps import RateLimitedSource, lean_keyed
from gateway.intake_keys import SourceRef
from gateway.routes import API_PREFIX
from gateway.schemas import IntakeAccepted, WebFormLead

router = APIRouter(prefix=API_PREFIX, tags=["intake"])
PATH = API_PREFIX + "/intake/web-form"

IdempotencyKey = Annotated[
    str | None,
    Header(max_length=200, description="the same key returns the same lead, never a second one"),
]


async def accept_web_form(clients: Clients, source: SourceRef, body: WebFormLead,
                          idempotency_key: str | None) -> IntakeAccepted:
    # Without a client key every post is a new lead; a fresh key keeps that explicit
    # instead of relying on how the leads service treats an empty one.
    key = idempotency_key or f"gw-{uuid.uuid4()}"
    reply = await clients.create_lead(leads_pb2.CreateLeadRequest(
        idempotency_key=key, source=source.name, source_kind=source.category,
        **body.model_dump()))
    return IntakeAccepted(lead_id=reply.lead_id)


@router.post("/intake/web-form", status_code=202, response_model=IntakeAccepted)
async def web_form(
    body: WebFormLead, source: RateLimitedSource, clients: ServiceClients,
    idempotency_key: IdempotencyKey = None,
) -> IntakeAccepted:
    return await accept_web_form(clients, source, body, idempotency_key)


lean_web_form = lean_keyed(WebFormLead, accept_web_form)  # `web_form` on the lean path
