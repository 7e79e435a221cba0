"""Qualified fields, the lead list and its .xlsx export; the leads service scopes them."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from salesos.leads.v1 import leads_pb2
from sqlalchemy import select

from gateway.adapters.orm import User
from gateway.deps import BearerToken, CurrentUser, ServiceClients, Session
from gateway.lead_schemas import LeadPage, LeadQualificationUpdate
from gateway.lead_sheet import LEAD_HEADERS, append_lead
from gateway.org_names import every_source_name
from gateway.protoconv import lead_read
from gateway.query_guard import KnownQuery
from gateway.routes import API_PREFIX
from gateway.schemas import LeadRead
from gateway.spreadsheets import XLSX, Sheet, write_stream, xlsx_download
from gateway.timefilters import Bound, parse_bound

router = APIRouter(prefix=API_PREFIX, tags=["leads"])
EXPORT_TIMEOUT_SECONDS = 300.0
Text = Annotated[str, Query(max_length=100)]
When = Annotated[Bound, Query(max_length=100)]
# Ids, as the leads carry them (owner_id, region_id): a name or code such as "rep01" or
# "east" would match nothing, so it is refused naming the parameter instead.
Id = Annotated[uuid.UUID | None, Query(description="the user's / region's id")]


def _filters(status: str, owner: uuid.UUID | None, region: uuid.UUID | None, source: str,
             overdue: bool | None, created_from: str, created_to: str,
             q: str) -> leads_pb2.ListLeadsRequest:
    request = leads_pb2.ListLeadsRequest(status=status, owner_id=str(owner or ""),
                                         region_id=str(region or ""), source=source, q=q)
    if overdue is not None:
        request.overdue = overdue
    start = parse_bound(created_from, field="created_from", end=False)
    end = parse_bound(created_to, field="created_to", end=True)
    if start is not None:
        request.created_from.FromDatetime(start)
    if end is not None:
        request.created_to.FromDatetime(end)
    return request


@router.get("/leads", response_model=LeadPage, dependencies=[KnownQuery])
async def list_leads(
    _: CurrentUser, token: BearerToken, clients: ServiceClients,
    status: Text = "", owner: Id = None, region: Id = None, source: Text = "",
    overdue: bool | None = None, created_from: When = "", created_to: When = "",
    q: Text = "", cursor: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> LeadPage:
    """Reps see their own leads, managers their regions' and those their people hold
    anywhere (reps of their regions, reports), directors and admins all.
    `created_from`/`created_to`: dates (Asia/Shanghai, both days included) or ISO times.
    `q` searches name, company and phone. `overdue` answers 422 until the first-contact
    clock exists. An unknown parameter (`owner_id`) is a 422 naming it and the accepted
    ones, never the whole list (query_guard.py)."""
    request = _filters(status, owner, region, source, overdue, created_from, created_to, q)
    request.page_size, request.page_token = limit, cursor
    reply = await clients.list_leads(request, user_token=token)
    return LeadPage(items=[lead_read(lead) for lead in reply.leads],
                    next_cursor=reply.next_page_token or None)


@router.get("/leads/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}}, dependencies=[KnownQuery])
async def export_leads(
    _: CurrentUser, token: BearerToken, clients: ServiceClients, session: Session,
    status: Text = "", owner: Id = None, region: Id = None, source: Text = "",
    overdue: bool | None = None, created_from: When = "", created_to: When = "",
    q: Text = "",
) -> StreamingResponse:
    """The same filters and scope as the list, every matching lead, zh-CN headers; the
    owner by name (周婷), as every export names people."""
    request = _filters(status, owner, region, source, overdue, created_from, created_to, q)
    people = await session.execute(select(User.username, User.display_name))
    names = {person.username: person.display_name for person in people}
    sources = await every_source_name(session)
    # Uncapped and streamed: written as it arrives, a batch at a time off the event loop.
    leads = clients.stream_leads(request, user_token=token, timeout=EXPORT_TIMEOUT_SECONDS)
    sheet = await write_stream(Sheet("线索", LEAD_HEADERS), leads,
                               lambda into, lead: append_lead(into, lead, names, sources))
    return await xlsx_download(lambda: sheet, "leads", "线索")


@router.patch("/leads/{lead_id}", response_model=LeadRead)
async def update_qualification(lead_id: str, body: LeadQualificationUpdate, _: CurrentUser,
                               token: BearerToken, clients: ServiceClients) -> LeadRead:
    """Sets qualified fields (owner, region manager, director, admin); rescored at once.
    Idempotent by nature (the same body leaves the same lead), so Idempotency-Key is
    accepted and needs no bookkeeping."""
    request = leads_pb2.UpdateQualificationRequest(lead_id=lead_id)
    for name in ("industry", "company_scale", "pain_point", "budget_fen", "budget_yuan",
                 "urgency", "province"):
        value = getattr(body, name)
        if value is not None:
            setattr(request, name, value)
    if "budget_fen" in body.model_fields_set and body.budget_fen is None:
        request.clear_budget = True
    if body.decision_chain is not None:
        request.decision_chain.SetInParent()
        request.decision_chain.members.extend(
            leads_pb2.DecisionMaker(**m.model_dump()) for m in body.decision_chain)
    if body.tags is not None:
        request.tags.SetInParent()
        request.tags.values.extend(body.tags)
    return lead_read(await clients.update_qualification(request, user_token=token))
