"""Visits: plan or record one (multipart, with photos), check in a planned one, file the
report (lists, the .xlsx and photos: visit_lists.py, mounted here). The pipeline service
keeps the photos (its photo store) and decides; this module checks the upload's shape
before streaming it on: photo type 415, photo size 413, each naming the field."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Header, Request, UploadFile
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.deps import BearerToken, CurrentUser
from gateway.field_protoconv import visit_read
from gateway.field_schemas import VisitRead, VisitReportWrite
from gateway.pipeline_client import Pipeline
from gateway.problems import Problem
from gateway.routes import API_PREFIX, visit_lists
from gateway.timefilters import DayText, Moment, typed_stamp
from gateway.visit_uploads import checked_photos, upload_parts

router = APIRouter(prefix=API_PREFIX, tags=["visits"])
VISITS = "/opportunities/{opportunity_id}/visits"
# Body limits of the multipart paths (BodyLimitMiddleware patterns in main.py).
UPLOAD_PATTERN = rf"^{API_PREFIX}/opportunities/[^/]+/visits(/[^/]+/check-in)?$"
UPLOAD_DEADLINE_SECONDS = 60.0
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
    planned_date: Annotated[DayText, Form(max_length=10)] = "",
    checked_in_at: Annotated[Moment | None, Form(
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
    checked_in_at: Annotated[Moment | None, Form()] = None,
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
    different one 409. Only the visitor, or a manager of the deal's region or a director
    with `on_behalf: true` (else 422 `on_behalf`; anyone else 403); the visit shows who
    filed it and still counts for the visitor."""
    reply = await pipeline.call("FileVisitReport", pb.FileVisitReportRequest(
        opportunity_id=opportunity_id, visit_id=visit_id, report=body.report,
        on_behalf=body.on_behalf), user_token=token)
    return visit_read(reply)


# The read side lives in its own module; mounted here so main.py names one router.
router.include_router(visit_lists.router)
