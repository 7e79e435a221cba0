"""Public intake beyond the web form: trade-show QR scans with an API key (ad-platform
webhooks are in ads.py). Rate limited per source; a known customer's arrival answers 202
with the existing lead's id (it was recorded as a touch on it)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from salesos.leads.v1 import leads_pb2

from gateway.clients import Clients
from gateway.deps import ServiceClients
from gateway.intake_deps import RateLimitedSource, lean_keyed
from gateway.intake_keys import SourceRef
from gateway.intake_schemas import QrScan
from gateway.routes import API_PREFIX
from gateway.routes.intake import IdempotencyKey
from gateway.schemas import IntakeAccepted

router = APIRouter(prefix=API_PREFIX, tags=["intake"])
QR_PATH = API_PREFIX + "/intake/qr-scan"


async def accept_qr_scan(clients: Clients, source: SourceRef, body: QrScan,
                         idempotency_key: str | None) -> IntakeAccepted:
    fields = body.model_dump(exclude={"notes"})
    reply = await clients.create_lead(leads_pb2.CreateLeadRequest(
        idempotency_key=idempotency_key or f"gw-{uuid.uuid4()}", source=source.name,
        source_kind=source.category, channel="qr_scan", message=body.notes, **fields))
    return IntakeAccepted(lead_id=reply.lead_id)


@router.post("/intake/qr-scan", status_code=202, response_model=IntakeAccepted)
async def qr_scan(body: QrScan, source: RateLimitedSource, clients: ServiceClients,
                  idempotency_key: IdempotencyKey = None) -> IntakeAccepted:
    return await accept_qr_scan(clients, source, body, idempotency_key)


lean_qr_scan = lean_keyed(QrScan, accept_qr_scan)  # `qr_scan` on the lean path
