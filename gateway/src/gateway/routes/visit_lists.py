"""Visits, the read side: a deal's visits page by page, all of them as .xlsx (拜访记录,
times in Asia/Shanghai, the rep by name), and one photo streamed from the pipeline's
photo store. Mounted by routes/visits.py, which keeps the writes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.deps import BearerToken, CurrentUser, Session
from gateway.field_protoconv import visit_read
from gateway.field_schemas import VisitPage, VisitRead
from gateway.org_names import names_by_username
from gateway.pipeline_client import Pipeline
from gateway.spreadsheets import SHANGHAI, XLSX, Sheet, xlsx_download

router = APIRouter(tags=["visits"])  # under visits.router, which adds API_PREFIX
VISITS = "/opportunities/{opportunity_id}/visits"
VISIT_HEADERS = ["状态", "销售", "计划日期", "签到时间", "纬度", "经度", "拜访报告", "报告时间",
                 "首次拜访", "照片数", "距计划地点(公里)", "代为提交报告"]
STATE_ZH = {"planned": "计划中", "checked_in": "已签到", "reported": "已提交报告"}


@router.get(VISITS, response_model=VisitPage)
async def list_visits(opportunity_id: str, _: CurrentUser, token: BearerToken,
                      pipeline: Pipeline, cursor: Annotated[str, Query(max_length=500)] = "",
                      limit: Annotated[int, Query(ge=1, le=100)] = 20) -> VisitPage:
    reply = await pipeline.call("ListVisits", pb.ListVisitsRequest(
        opportunity_id=opportunity_id, page_size=limit, page_token=cursor), user_token=token)
    return VisitPage(items=[visit_read(v) for v in reply.visits],
                     next_cursor=reply.next_page_token or None)


@router.get(VISITS + "/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_visits(opportunity_id: str, _: CurrentUser, token: BearerToken,
                        pipeline: Pipeline, session: Session) -> StreamingResponse:
    """Every visit of the deal, newest first, as .xlsx (times in Asia/Shanghai, the rep by
    name)."""
    visits: list[VisitRead] = []
    cursor = ""
    while True:
        reply = await pipeline.call("ListVisits", pb.ListVisitsRequest(
            opportunity_id=opportunity_id, page_size=100, page_token=cursor), user_token=token)
        visits += map(visit_read, reply.visits)
        if not (cursor := reply.next_page_token):
            break
    people = await names_by_username(session, {name for v in visits for name in (
        v.rep_username, v.reported_by_username) if name})

    def build() -> Sheet:
        sheet = Sheet("拜访记录", VISIT_HEADERS)
        for v in visits:
            sheet.append([STATE_ZH.get(v.state, v.state),
                          people.get(v.rep_username, v.rep_username), v.planned_date,
                          _local(v.checked_in_at), v.latitude, v.longitude, v.report,
                          _local(v.reported_at), "是" if v.first else "", len(v.photos),
                          v.site_distance_km,
                          people.get(v.reported_by_username, v.reported_by_username)
                          if v.on_behalf else ""])
        return sheet

    return await xlsx_download(build, "visits", "拜访记录")


def _local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(SHANGHAI).replace(tzinfo=None) if moment else None


@router.get(VISITS + "/{visit_id}/photos/{photo_id}", response_class=StreamingResponse,
            responses={200: {"content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}}}})
async def get_photo(opportunity_id: str, visit_id: str, photo_id: str, _: CurrentUser,
                    token: BearerToken, pipeline: Pipeline) -> StreamingResponse:
    call = pipeline.stream("GetVisitPhoto", pb.GetVisitPhotoRequest(
        opportunity_id=opportunity_id, visit_id=visit_id, photo_id=photo_id), user_token=token)
    chunks = call.__aiter__()
    first = await chunks.__anext__()  # a 404 / 503 surfaces here, before the answer starts

    async def body() -> AsyncIterator[bytes]:
        yield first.data
        async for chunk in chunks:
            yield chunk.data

    return StreamingResponse(body(), media_type=first.content_type, headers={
        "Content-Length": str(first.size_bytes), "Cache-Control": "private, max-age=86400"})
