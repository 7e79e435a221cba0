"""Visits: plan or record one (multipart, with photos), check in a planned one, file the
report, list them, fetch a photo. The pipeline service keeps the photos (its photo
store) and decides; this module checks the upload's shape before streaming it on:
photo type 415, photo size 413, each naming the field."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Header, Query, Request, UploadFile
from fastapi.responses import StreamingResponse
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.deps import BearerToken, CurrentUser, Session
from gateway.field_protoconv import visit_read
from gateway.field_schemas import VisitPage, VisitRead, VisitReportWrite
from gateway.org_names import names_by_username
from gateway.pipeline_client import Pipeline
from gateway.problems import Problem
from gateway.routes import API_PREFIX
from gateway.spreadsheets import SHANGHAI, XLSX, Sheet, file_chunks
from gateway.timefilters import typed_stamp
from gateway.visit_uploads import checked_photos, upload_parts

router = APIRouter(prefix=API_PREFIX, tags=["visits"])
VISITS = "/opportunities/{opportunity_id}/visits"
# Body limits of the multipart paths (BodyLimitMiddleware patterns in main.py).
UPLOAD_PATTERN = rf"^{API_PREFIX}/opportunities/[^/]+/visits(/[^/]+/check-in)?$"
UPLOAD_DEADLINE_SECONDS = 60.0
VISIT_HEADERS = ["状态", "销售", "计划日期", "签到时间", "纬度", "经度", "拜访报告", "报告时间",
                 "首次拜访", "照片数"]
STATE_ZH = {"planned": "计划中", "checked_in": "已签到", "reported": "已提交报告"}
IdempotencyKey = Annotated[str | None, Header(max_length=200)]
Photos = Annotated[list[UploadFile] | None, File(description="JPEG/PNG/WebP, ≤ 8 MB each, ≤ 9")]


async def _form_only(request: Request) -> None:
    """A dependency, so a JSON body is 415 before the form fields are validated (422)."""
    kind = request.headers.get("content-type", "")
    if not kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise Problem(415, "unsupported_media_type",
                      detail="请使用 multipart/form-data 提交拜访（可附照片）")


async def _send(pipeline: Pipeline, token: str, header: pb.VisitHeader,
                photos: list[UploadFile] | None) -> VisitRead:
    checked = await checked_photos(photos or [])
    reply = await pipeline.upload("RecordVisit", upload_parts(header, checked), user_token=token,
                                  deadline=UPLOAD_DEADLINE_SECONDS)
    return visit_read(reply)


@router.post(VISITS, status_code=201, response_model=VisitRead,
             dependencies=[Depends(_form_only)],
             responses={413: {"description": "a photo over 8 MB"},
                        415: {"description": "not JPEG/PNG/WebP, or not multipart"}})
async def record_visit(
    opportunity_id: str, _: CurrentUser, token: BearerToken,
    pipeline: Pipeline, latitude: Annotated[float, Form()], longitude: Annotated[float, Form()],
    planned: Annotated[bool, Form(description="plan it for `planned_date` (the route)")] = False,
    planned_date: Annotated[str, Form(max_length=10)] = "",
    checked_in_at: Annotated[datetime | None, Form(
        description="default: now; without an offset Asia/Shanghai")] = None,
    report: Annotated[str, Form(max_length=5000, description="filed at once")] = "",
    photos: Photos = None, idempotency_key: IdempotencyKey = None,
) -> VisitRead:
    """A visit on site now (check-in time and coordinates, photos, maybe its report), or a
    planned one (`planned=true`, `planned_date`, the site's coordinates)."""
    header = pb.VisitHeader(
        opportunity_id=opportunity_id, planned=planned, planned_date=planned_date,
        checked_in_at=typed_stamp(checked_in_at), latitude=latitude, longitude=longitude,
        report=report, idempotency_key=idempotency_key or "")
    return await _send(pipeline, token, header, photos)


@router.post(VISITS + "/{visit_id}/check-in", response_model=VisitRead,
             dependencies=[Depends(_form_only)])
async def check_in(
    opportunity_id: str, visit_id: str, _: CurrentUser, token: BearerToken,
    pipeline: Pipeline, latitude: Annotated[float, Form()], longitude: Annotated[float, Form()],
    checked_in_at: Annotated[datetime | None, Form()] = None,
    report: Annotated[str, Form(max_length=5000)] = "", photos: Photos = None,
    idempotency_key: IdempotencyKey = None,
) -> VisitRead:
    """Arrived at a planned visit; checking in twice is 409."""
    header = pb.VisitHeader(opportunity_id=opportunity_id, visit_id=visit_id,
                            checked_in_at=typed_stamp(checked_in_at), latitude=latitude,
                            longitude=longitude, report=report)
    return await _send(pipeline, token, header, photos)


@router.post(VISITS + "/{visit_id}/report", response_model=VisitRead)
async def file_report(opportunity_id: str, visit_id: str, body: VisitReportWrite,
                      _: CurrentUser, token: BearerToken, pipeline: Pipeline,
                      idempotency_key: IdempotencyKey = None) -> VisitRead:
    """Files the report (`pipeline.visit_reported`); the same text again is a no-op, a
    different one 409."""
    reply = await pipeline.call("FileVisitReport", pb.FileVisitReportRequest(
        opportunity_id=opportunity_id, visit_id=visit_id, report=body.report),
        user_token=token)
    return visit_read(reply)


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
    people = await names_by_username(session, {v.rep_username for v in visits})
    sheet = Sheet("拜访记录", VISIT_HEADERS)
    for v in visits:
        sheet.append([STATE_ZH.get(v.state, v.state), people.get(v.rep_username, v.rep_username),
                      v.planned_date, _local(v.checked_in_at), v.latitude, v.longitude, v.report,
                      _local(v.reported_at), "是" if v.first else "", len(v.photos)])
    return StreamingResponse(file_chunks(sheet.save()), media_type=XLSX, headers={
        "Content-Disposition": "attachment; filename=\"visits.xlsx\""})


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
