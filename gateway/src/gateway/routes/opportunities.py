"""Opportunities: open by hand, list, read with stage history, tick sub-steps, change
stage, reopen a lost one. The pipeline service scopes and decides; a failed gate is 409
`gate_failed` with `unmet` listing each criterion.

Reopening has its own route rather than `/stage {"to": ...}`: the target is not the
caller's choice (the stage the deal was lost from), the people differ (the owner's
manager or a director, not the rep) and so does what it undoes (pipeline deal_reopen)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import grpc
from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from pydantic import BeforeValidator
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.deps import BearerToken, CurrentUser, ServiceClients, Session
from gateway.export_rows import EXPORT_MAX_ROWS
from gateway.gate_problems import gate_failed, unmet_of
from gateway.opportunity_exports import export_sheet
from gateway.pipeline_client import Pipeline
from gateway.pipeline_protoconv import opportunity_read
from gateway.pipeline_schemas import (
    DealReopenRequest,
    OpportunityCreate,
    OpportunityPage,
    OpportunityRead,
    OpportunityUpdate,
    StageChangeRequest,
)
from gateway.record_links import check_lead
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX
from gateway.timefilters import DayText

router = APIRouter(prefix=API_PREFIX, tags=["opportunities"])
Text = Annotated[str, Query(max_length=100)]
# Ids, as deals carry them: a login name ("rep01") or a region code ("east") matched
# nothing and answered an empty list, read as "no deals"; now a 422 naming the parameter.
# Empty (a dashboard's "all") is no filter.
Id = Annotated[uuid.UUID | None, BeforeValidator(lambda v: v or None),
               Query(description="a person's / region's / lead's id")]
# The funnel's period rule (a deal is in it by the Shanghai day it was made), so the list
# with the funnel's from/to answers the funnel's total; checked by the service (422 naming
# the parameter: not a date, outside 2000-2099, or from after to).
Day = Annotated[DayText, Query(max_length=10, description="YYYY-MM-DD, Asia/Shanghai, inclusive: "
                                                      "deals made on or after / before")]
# The lost reasons' (and the won cycle's) period rule: the Shanghai day the deal was won or
# lost, so `status=lost` with their from/to lists exactly their deals and amounts.
ClosedDay = Annotated[DayText, Query(max_length=10, description="YYYY-MM-DD, Asia/Shanghai, "
                                 "inclusive: deals won or lost on or after / before")]
IdempotencyKey = Annotated[str | None, Header(
    max_length=200, description="the same key from the same person returns the same deal")]


@router.post("/opportunities", status_code=201, response_model=OpportunityRead,
             responses={409: {"description": "the lead already has a deal (named)"}})
async def open_opportunity(body: OpportunityCreate, _: CurrentUser, token: BearerToken,
                           pipeline: Pipeline, clients: ServiceClients,
                           idempotency_key: IdempotencyKey = None) -> OpportunityRead:
    """Reps open deals in their region, managers in theirs (`region_id` when they have
    several); the deal starts in 线索 on the current process version. `lead_id`: a lead
    the caller sees (record_links), else 422; one that already has a deal, 409."""
    await check_lead(clients, token, body.lead_id)
    request = pb.OpenOpportunityRequest(
        account_name=body.account_name, title=body.title, amount_fen=body.amount_fen,
        lead_id=body.lead_id or "", region_id=body.region_id or "",
        industry=body.industry, scale=body.scale,
        idempotency_key=idempotency_key or "")
    return opportunity_read(await pipeline.call("OpenOpportunity", request, user_token=token))


@router.patch("/opportunities/{opportunity_id}", response_model=OpportunityRead)
async def update_opportunity(opportunity_id: str, body: OpportunityUpdate, _: CurrentUser,
                             token: BearerToken, pipeline: Pipeline) -> OpportunityRead:
    """Corrects an open deal's title or expected amount (only the fields sent; the same
    body again changes nothing). Won and lost deals are 409. A quote issued later sets the
    amount to its total, as it always does."""
    request = pb.UpdateOpportunityRequest(opportunity_id=opportunity_id)
    if body.title is not None:
        request.title = body.title
    if body.amount_fen is not None:
        request.amount_fen = body.amount_fen
    return opportunity_read(await pipeline.call("UpdateOpportunity", request, user_token=token))


def _filters(stage: str, owner: uuid.UUID | None, region: uuid.UUID | None, status: str,
             lead_id: uuid.UUID | None, created_from: str = "", created_to: str = "",
             closed_from: str = "", closed_to: str = "") -> pb.ListOpportunitiesRequest:
    return pb.ListOpportunitiesRequest(stage=stage, owner_id=str(owner or ""),
                                       region_id=str(region or ""), status=status,
                                       lead_id=str(lead_id or ""), created_from=created_from,
                                       created_to=created_to, closed_from=closed_from,
                                       closed_to=closed_to)


@router.get("/opportunities", response_model=OpportunityPage)
async def list_opportunities(
    _: CurrentUser, token: BearerToken, pipeline: Pipeline,
    stage: Text = "", owner: Id = None, region: Id = None, status: Text = "",
    lead_id: Id = None, cursor: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    created_from: Day = "", created_to: Day = "",
    closed_from: ClosedDay = "", closed_to: ClosedDay = "",
) -> OpportunityPage:
    """Reps see their own deals, managers their regions' and their people's (their
    regions' reps and their reports) wherever those are, directors and admins all;
    newest first. `status`: open, won or lost. `created_from`/`created_to`: made on those
    Shanghai days — the analytics funnel's `from`/`to`, so the same period lists exactly
    the funnel's total. `closed_from`/`closed_to`: won or lost on those days — the lost
    reasons' `from`/`to`, so `status=lost` lists exactly their deals and amounts."""
    request = _filters(stage, owner, region, status, lead_id, created_from, created_to,
                       closed_from, closed_to)
    request.page_size, request.page_token = limit, cursor
    reply = await pipeline.call("ListOpportunities", request, user_token=token)
    return OpportunityPage(items=[opportunity_read(o) for o in reply.opportunities],
                           next_cursor=reply.next_page_token or None)


@router.get("/opportunities/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}},
                       422: {"description": f"`export_too_large`: more than "
                                            f"{EXPORT_MAX_ROWS} deals match"}})
async def export_opportunities(
    _: CurrentUser, token: BearerToken, pipeline: Pipeline, session: Session,
    stage: Text = "", owner: Id = None, region: Id = None, status: Text = "",
    lead_id: Id = None, created_from: Day = "", created_to: Day = "",
    closed_from: ClosedDay = "", closed_to: ClosedDay = "",
) -> StreamingResponse:
    """The same filters and scope as the list, every matching deal, newest first, zh-CN
    headers; amounts in 元 (two decimals), owner and region by name, Asia/Shanghai times.
    More than 10,000 deals: 422 `export_too_large` (narrow the filters)."""
    request = _filters(stage, owner, region, status, lead_id, created_from, created_to,
                       closed_from, closed_to)
    return await export_sheet(pipeline, token, session, request)


@router.get("/opportunities/{opportunity_id}", response_model=OpportunityRead)
async def get_opportunity(opportunity_id: str, _: CurrentUser, token: BearerToken,
                          pipeline: Pipeline) -> OpportunityRead:
    reply = await pipeline.call("GetOpportunity",
                                pb.GetOpportunityRequest(opportunity_id=opportunity_id),
                                user_token=token)
    return opportunity_read(reply)


# Ticking a step is idempotent by state, so its Idempotency-Key needs no bookkeeping; a
# stage move keeps its key (a late retry must not repeat a move the deal has since left).
@router.post("/opportunities/{opportunity_id}/steps/{step_id}", response_model=OpportunityRead)
async def check_step(opportunity_id: str, step_id: str, _: CurrentUser, token: BearerToken,
                     pipeline: Pipeline,
                     idempotency_key: IdempotencyKey = None) -> OpportunityRead:
    reply = await pipeline.call("CheckStep", pb.CheckStepRequest(
        opportunity_id=opportunity_id, step_id=step_id), user_token=token)
    return opportunity_read(reply)


@router.post("/opportunities/{opportunity_id}/stage", response_model=OpportunityRead,
             responses={409: {"description": "`gate_failed` with `unmet`, or `conflict`"}})
async def change_stage(opportunity_id: str, body: StageChangeRequest, _: CurrentUser,
                       token: BearerToken, pipeline: Pipeline,
                       idempotency_key: IdempotencyKey = None) -> Any:
    """One stage forward (gates checked), back with a reason, `lost` with a reason, or
    `won` from 签约. Asking for the stage the deal is in changes nothing. The same
    Idempotency-Key from the same person answers the deal as it is, also after it moved
    on (a late retry of 丢单 does not lose a reopened deal); another body under it: 422."""
    request = pb.ChangeStageRequest(opportunity_id=opportunity_id, to=body.to,
                                    reason=body.reason, idempotency_key=idempotency_key or "")
    try:
        reply = await pipeline.call("ChangeStage", request, user_token=token)
    except grpc.aio.AioRpcError as error:
        if (unmet := unmet_of(error)) is None:
            raise
        return gate_failed(unmet, f"{API_PREFIX}/opportunities/{opportunity_id}/stage")
    return opportunity_read(reply)


@router.post("/opportunities/{opportunity_id}/reopen", response_model=OpportunityRead,
             responses={403: {"description": "a rep: the owner's manager or a director "
                                             "reopens"},
                        409: {"description": "not lost, or lost more than 180 days ago "
                                             "(open a new deal)"},
                        422: {"description": "`reason` blank, or `owner_id` neither of the "
                                             "deal's region nor one the reopening manager "
                                             "acts for (or is needed: its owner has left)"}})
async def reopen_opportunity(opportunity_id: str, body: DealReopenRequest, _: CurrentUser,
                             token: BearerToken, pipeline: Pipeline,
                             idempotency_key: IdempotencyKey = None) -> OpportunityRead:
    """A lost deal back to the stage it was lost from, status open; the loss and its
    reason stay in `history`, the reopening follows it (lost → that stage, with `reason`).
    A discount the loss withdrew waits for approval again; the voided contract stays void
    (draft a new one from the accepted quote). `pipeline.deal_reopened` is published.
    Never owned by a stopped account: `owner_id`, or the owner if still in post, or the
    leaver's successor, or the reopening manager (422 `owner_id` when none can hold it)."""
    reply = await pipeline.call("ReopenOpportunity", pb.ReopenOpportunityRequest(
        opportunity_id=opportunity_id, reason=body.reason, owner_id=body.owner_id or "",
        idempotency_key=idempotency_key or ""), user_token=token)
    return opportunity_read(reply)
