"""Visits: record one (planned, or checked in with photos and maybe its report), check in
a planned one (a report filed later: visit_reports.py; reads: visit_reads.py). A lost deal
takes no new visit or check-in (its customer is worked again by reopening it); a visit
made before the loss may still have its report filed. A won customer is still visited
(delivery, acceptance).

Photos go to the photo store before the transaction commits and are deleted again when
it does not, so a refused or failed upload leaves neither rows nor files (a crash in
between can leave an unreferenced file, never a row without its file).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.uow import UnitOfWork
from sqlalchemy import func, select
from uuid6 import uuid7

from pipeline.adapters import visits_repo
from pipeline.domain import stages
from pipeline.domain import visits as vd
from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.geo import Point, checked_point
from pipeline.domain.model import Opportunity
from pipeline.service_layer.deps import SOURCE, Deps
from pipeline.service_layer.visit_reports import add_report, visit_of
from pipeline.service_layer.working import _workable

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class PhotoUpload:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class RecordVisit:
    opportunity_id: str
    latitude: float
    longitude: float
    visit_id: str = ""              # check in this planned visit
    planned: bool = False
    planned_date: str = ""
    checked_in_at: datetime | None = None
    report: str = ""
    idempotency_key: str = ""
    photos: tuple[PhotoUpload, ...] = field(default=())


def checked_photos(uploads: tuple[PhotoUpload, ...]) -> list[tuple[vd.Photo, bytes]]:
    if len(uploads) > vd.MAX_PHOTOS:
        raise InvalidField("photos", f"每次拜访最多 {vd.MAX_PHOTOS} 张照片")
    checked = []
    for i, up in enumerate(uploads):
        if len(up.data) > vd.MAX_PHOTO_BYTES:
            raise InvalidField(f"photos.{i}", "照片不能超过 8 MB")
        kind = vd.photo_type(up.data[:16])
        if kind is None:
            raise InvalidField(f"photos.{i}", "只支持 JPEG、PNG、WebP 照片")
        checked.append((vd.Photo(str(uuid7()), up.filename[:200], kind, len(up.data),
                                 hashlib.sha256(up.data).hexdigest()), up.data))
    return checked


def _asked(cmd: RecordVisit, photos: list[tuple[vd.Photo, bytes]]) -> str:
    """What a keyed new visit asks for: photos by content, not by file name."""
    return fingerprint(cmd.opportunity_id, cmd.planned, cmd.planned_date, cmd.checked_in_at,
                       cmd.latitude, cmd.longitude, cmd.report, [p.sha256 for p, _ in photos])


async def record_visit(cmd: RecordVisit, principal: Principal, deps: Deps) -> vd.Visit:
    now = deps.clock()
    point = checked_point(cmd.latitude, cmd.longitude)
    photos = checked_photos(cmd.photos)
    if cmd.planned and photos:
        raise InvalidField("photos", "计划中的拜访不能上传照片，请在签到时上传")
    if cmd.planned and cmd.report:
        raise InvalidField("report", "计划中的拜访不能提交报告，请在签到后提交")
    stored: list[str] = []
    asked = _asked(cmd, photos)
    try:
        async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
            opp = await _workable(uow, cmd.opportunity_id, principal, deps)
            key = cmd.idempotency_key or None
            if key and not cmd.visit_id:
                await uow.session.execute(select(func.pg_advisory_xact_lock(
                    func.hashtext(f"visit:{principal.user_id}:{key}"))))
                if found := await visits_repo.by_key(uow.session, created_by=principal.user_id,
                                                     key=key):
                    check_same_request(stored=found[1], arriving=asked)  # else another visit
                    return await visit_of(uow, found[0], opp.id)
            if opp.status == stages.LOST:  # working it again is a reopening, not a visit
                raise TransitionRefused("商机已丢单，不能再记录或签到拜访；"
                                        "客户有新进展请经理或总监重新打开商机")
            for photo, data in photos:
                await deps.photos.put(photo.key, data, content_type=photo.content_type)
                stored.append(photo.key)
            visit = await _new_or_checked_in(uow, cmd, opp, principal, now=now, point=point,
                                             photos=tuple(p for p, _ in photos), key=key,
                                             asked=asked)
            if cmd.report:
                visit = await add_report(uow, opp, visit, cmd.report, now=now, by=principal)
            await uow.commit()
            kept = {p.key for p in visit.photos}
            stored = [k for k in stored if k not in kept]  # a retried check-in's copies
            return visit
    finally:
        for key in stored:  # the transaction did not commit: nothing may point at them
            await deps.photos.delete(key)


async def _new_or_checked_in(uow: UnitOfWork, cmd: RecordVisit, opp: Opportunity,
                             principal: Principal, *, now: datetime, point: Point,
                             photos: tuple[vd.Photo, ...], key: str | None,
                             asked: str) -> vd.Visit:
    if cmd.visit_id:
        planned = await visit_of(uow, cmd.visit_id, opp.id, for_update=True)
        if planned.rep_id != principal.user_id:  # the check-in says where the caller is
            raise PermissionDenied(f"这是 {planned.rep_username} 计划的拜访，只有本人可以签到"
                                   "；请记录您自己的拜访")
        visit = planned.check_in(at=vd.checked_in_time(cmd.checked_in_at, now=now),
                                 point=point, photos=photos)
        if visit is not planned:
            await visits_repo.save_check_in(uow.session, planned, visit)
        return visit
    today = now.astimezone(SHANGHAI).date()
    visit = vd.Visit(
        id=str(uuid7()), opportunity_id=opp.id, rep_id=principal.user_id,
        rep_username=principal.username, point=point, created_at=now,
        planned_date=vd.planned_day(cmd.planned_date, today=today) if cmd.planned else None,
        checked_in_at=None if cmd.planned else vd.checked_in_time(cmd.checked_in_at, now=now),
        photos=photos)
    await visits_repo.add(uow.session, visit, created_by=principal.user_id,
                          idempotency_key=key, request_hash=asked if key else None)
    return visit
