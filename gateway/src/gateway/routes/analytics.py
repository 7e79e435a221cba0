"""The numbers management steers by. Each answer is scoped like lists (a rep their own
deals, a manager their regions' and their people's wherever those are, directors and
admins everything) and filtered by `region`, `owner` and the period `from`..`to`
(Asia/Shanghai days, inclusive; default the year up to today)."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import BeforeValidator
from salesos.pipeline.v1 import pipeline_pb2 as pb
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.analytics_export import workbook
from gateway.analytics_schemas import CycleTimeRead, FunnelRead, LostReasonsRead, RepActivityRead
from gateway.deps import BearerToken, CurrentUser, Session
from gateway.field_protoconv import (
    cycle_time_read,
    funnel_read,
    lost_reasons_read,
    rep_activity_read,
)
from gateway.org_names import user_names, usernames
from gateway.pipeline_client import Pipeline, PipelineClient
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, xlsx_download
from gateway.timefilters import DayText

router = APIRouter(prefix=f"{API_PREFIX}/analytics", tags=["analytics"])
# Ids, refused naming the parameter when they are not: a region code ("east") or a login
# name ("rep01") matched nothing and answered a funnel of zeros, read as "no deals".
# An empty `?owner=` (a dashboard's "all" choice) still means no filter.
Id = Annotated[uuid.UUID | None, BeforeValidator(lambda v: v or None),
               Query(description="a region's or a person's id")]
From = Annotated[DayText, Query(alias="from", max_length=10)]
To = Annotated[DayText, Query(alias="to", max_length=10)]


async def _ask(pipeline: PipelineClient, method: str, token: str, region: uuid.UUID | None,
               owner: uuid.UUID | None, date_from: str, date_to: str) -> Any:
    request = pb.AnalyticsRequest(region_id=str(region or ""), owner_id=str(owner or ""),
                                  date_from=date_from, date_to=date_to)
    return await pipeline.call(method, request, user_token=token)


@router.get("/funnel", response_model=FunnelRead)
async def funnel(_: CurrentUser, token: BearerToken, pipeline: Pipeline, region: Id = None,
                 owner: Id = None, date_from: From = "",
                 date_to: To = "") -> FunnelRead:
    """Deals opened in the period: how many reached each stage, how many sit in it now,
    and the conversion to the next stage."""
    reply = await _ask(pipeline, "GetFunnel", token, region, owner, date_from, date_to)
    return funnel_read(reply)


@router.get("/cycle-time", response_model=CycleTimeRead)
async def cycle_time(_: CurrentUser, token: BearerToken, pipeline: Pipeline,
                     region: Id = None, owner: Id = None,
                     date_from: From = "",
                     date_to: To = "",
                     ) -> CycleTimeRead:
    """Opened → won for deals won in the period; days spent per stage for stays that
    ended in it (from the stage history)."""
    reply = await _ask(pipeline, "GetCycleTime", token, region, owner, date_from, date_to)
    return cycle_time_read(reply)


@router.get("/lost-reasons", response_model=LostReasonsRead)
async def lost_reasons(_: CurrentUser, token: BearerToken, pipeline: Pipeline,
                       region: Id = None, owner: Id = None,
                       date_from: From = "",
                       date_to: To = "",
                       ) -> LostReasonsRead:
    reply = await _ask(pipeline, "GetLostReasons", token, region, owner, date_from, date_to)
    return lost_reasons_read(reply)


async def _activity(pipeline: PipelineClient, session: AsyncSession, token: str,
                    *asked: Any) -> RepActivityRead:
    reply = await _ask(pipeline, "GetRepActivity", token, *asked)
    unnamed = {c.owner_id for c in reply.cells if not c.owner_username}
    return rep_activity_read(reply, await usernames(session, unnamed))


@router.get("/rep-activity", response_model=RepActivityRead)
async def rep_activity(_: CurrentUser, token: BearerToken, pipeline: Pipeline,
                       session: Session, region: Id = None, owner: Id = None,
                       date_from: From = "",
                       date_to: To = "",
                       ) -> RepActivityRead:
    """People × ISO weeks: visits they checked in, reports they filed and forward stage
    moves they made (theirs even on a deal since handed over; a manager's move is on the
    manager's row) — the cells of a heatmap (absent cells are zero). `owner`: that
    person's row."""
    return await _activity(pipeline, session, token, region, owner, date_from, date_to)


@router.get("/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export(_: CurrentUser, token: BearerToken, pipeline: Pipeline, session: Session,
                 region: Id = None, owner: Id = None,
                 date_from: From = "",
                 date_to: To = "",
                 ) -> StreamingResponse:
    """The four answers above in one workbook (activity cells: 拜访/报告/推进)."""
    asked = (region, owner, date_from, date_to)
    activity = await _activity(pipeline, session, token, *asked)
    build = partial(
        workbook,
        funnel_read(await _ask(pipeline, "GetFunnel", token, *asked)),
        cycle_time_read(await _ask(pipeline, "GetCycleTime", token, *asked)),
        lost_reasons_read(await _ask(pipeline, "GetLostReasons", token, *asked)),
        activity, await user_names(session, {r.owner_id for r in activity.reps}))
    return await xlsx_download(build, "analytics", "销售统计")
