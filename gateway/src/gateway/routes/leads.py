"""Read a lead; the leads service scopes it to the caller (rep: own, manager: region)."""

from __future__ import annotations

from fastapi import APIRouter

from gateway.deps import BearerToken, CurrentUser, ServiceClients
from gateway.protoconv import lead_read
from gateway.routes import API_PREFIX
from gateway.schemas import LeadRead

router = APIRouter(prefix=API_PREFIX, tags=["leads"])


@router.get("/leads/{lead_id}", response_model=LeadRead)
async def get_lead(lead_id: str, _: CurrentUser, token: BearerToken,
                   clients: ServiceClients) -> LeadRead:
    return lead_read(await clients.get_lead(lead_id, user_token=token))
