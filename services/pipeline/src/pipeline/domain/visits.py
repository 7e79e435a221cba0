"""Visits: planned for a day (the route), checked in on site with photos, reported.

A visit is `planned` (a date and the site's coordinates), `checked_in` (time and the
coordinates where the rep was; a planned one keeps its site, so the manager sees how far
from the customer the rep checked in) or `reported` (its report filed). The deal's first
reported visit is `first`: its report time is what the 48-hour first-visit KPI
measures (the incentives service reads it from pipeline.visit_reported). Pure; no I/O.

A visit is the visitor's: whoever records or checks it in (the check-in's coordinates are
where that person stands), and its report counts for them. Only they file its report,
except that a manager of the deal's region or a director may file it for them — when the
rep dictated it by phone, say — and must say so (`on_behalf`): the visit then shows who
filed it (`reported_by_*`), and still counts for the visitor, never for the filer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from pipeline.domain.days import iso_day
from pipeline.domain.errors import InvalidField, TransitionRefused
from pipeline.domain.geo import Point, haversine_km

MAX_REPORT = 5000
MAX_PHOTOS = 9
MAX_PHOTO_BYTES = 8 * 1024 * 1024
CLOCK_SKEW = timedelta(minutes=5)     # a phone's clock may run a little ahead
MAX_BACKDATE = timedelta(days=30)     # a check-in entered later, but not last quarter's
MAX_PLAN_AHEAD = timedelta(days=90)
PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
PLANNED, CHECKED_IN, REPORTED = "planned", "checked_in", "reported"
ON_BEHALF_ROLES = frozenset({"manager", "director"})  # may file a visitor's report for them


@dataclass(frozen=True)
class Photo:
    id: str
    filename: str
    content_type: str
    size_bytes: int
    sha256: str

    @property
    def key(self) -> str:  # where the bytes live in the photo store
        return f"visits/{self.id}.{PHOTO_TYPES.get(self.content_type, 'bin')}"


@dataclass(frozen=True)
class Visit:
    id: str
    opportunity_id: str
    rep_id: str
    rep_username: str
    point: Point
    created_at: datetime
    planned_date: date | None = None
    checked_in_at: datetime | None = None
    report: str = ""
    reported_at: datetime | None = None
    first: bool = False
    photos: tuple[Photo, ...] = field(default=())
    site: Point | None = None  # a planned visit checked in: where it was planned
    reported_by_id: str = ""   # who filed the report ('' on reports from before it was kept)
    reported_by_username: str = ""

    @property
    def on_behalf(self) -> bool:
        """The report was filed by someone else than the visitor."""
        return bool(self.reported_by_id) and self.reported_by_id != self.rep_id

    @property
    def site_distance_km(self) -> float | None:
        if self.site is None or self.checked_in_at is None:
            return None
        return round(haversine_km(self.site, self.point), 3)

    @property
    def state(self) -> str:
        if self.reported_at is not None:
            return REPORTED
        return CHECKED_IN if self.checked_in_at is not None else PLANNED

    def check_in(self, *, at: datetime, point: Point, photos: tuple[Photo, ...]) -> Visit:
        """The visit checked in; a retry (same place, photos already there) returns it
        unchanged, any other second check-in is refused."""
        if self.checked_in_at is not None:
            known = {p.sha256 for p in self.photos}
            if point == self.point and all(p.sha256 in known for p in photos):
                return self
            raise TransitionRefused("该拜访已签到")
        return replace(self, checked_in_at=at, point=point, site=self.point,
                       photos=self.photos + photos)

    def refusal_to_file(self, *, user_id: str, role: str, on_behalf: bool) -> str | None:
        """Why this caller may not file the report: None for the visitor; for someone else
        'not_yours' (→ 403) unless a manager or director, 'say_on_behalf' (→ 422
        `on_behalf`) when such a one did not say they file it for the visitor."""
        if user_id == self.rep_id:
            return None
        if role not in ON_BEHALF_ROLES:
            return "not_yours"
        return None if on_behalf else "say_on_behalf"

    def file_report(self, text: str, *, now: datetime, first: bool, by_id: str = "",
                    by_username: str = "") -> Visit:
        """The visit with its report; the same report again returns it unchanged."""
        report = clean_report(text)
        if self.reported_at is not None:
            if report == self.report:
                return self
            raise TransitionRefused("拜访报告已提交，不能修改")
        if self.checked_in_at is None:
            raise TransitionRefused("计划中的拜访须先签到再提交报告")
        return replace(self, report=report, reported_at=now, first=first,
                       reported_by_id=by_id, reported_by_username=by_username)


def clean_report(text: str) -> str:
    report = text.strip()
    if not report:
        raise InvalidField("report", "拜访报告不能为空")
    if len(report) > MAX_REPORT:
        raise InvalidField("report", f"拜访报告不能超过 {MAX_REPORT} 个字符")
    return report


def checked_in_time(at: datetime | None, *, now: datetime) -> datetime:
    """When the rep checked in: now when not given; never in the future, nor long ago."""
    if at is None:
        return now
    if at > now + CLOCK_SKEW:
        raise InvalidField("checked_in_at", "签到时间不能晚于当前时间")
    if at < now - MAX_BACKDATE:
        raise InvalidField("checked_in_at", "签到时间不能早于 30 天前")
    return at


def planned_day(text: str, *, today: date) -> date:
    day = iso_day(text, "planned_date", label="计划日期")
    if not today <= day <= today + MAX_PLAN_AHEAD:
        raise InvalidField("planned_date", "计划日期须在今天到 90 天之内")
    return day


def photo_type(head: bytes) -> str | None:
    """The image type the bytes really are (not what the client claims), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None
