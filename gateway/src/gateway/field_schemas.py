"""Bodies and answers of field work: visits and photos, the needs record, the route."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, StrictInt


class VisitPhotoRead(BaseModel):
    id: str
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    url: str = Field(description="GET it with the same bearer token")


class VisitRead(BaseModel):
    id: str
    opportunity_id: str
    rep_id: str
    rep_username: str
    state: str = Field(description="planned, checked_in or reported")
    planned: bool
    planned_date: str | None
    checked_in_at: datetime | None
    latitude: float
    longitude: float
    report: str
    reported_at: datetime | None
    first: bool = Field(description="the deal's first reported visit (48-hour KPI)")
    photos: list[VisitPhotoRead]
    created_at: datetime | None
    site_latitude: float | None = Field(
        None, description="a planned visit checked in: where it was planned (the site)")
    site_longitude: float | None = None
    site_distance_km: float | None = Field(
        None, description="how far from the planned site the rep checked in")
    reported_by_id: str = Field("", description="who filed the report ('' before it was kept)")
    reported_by_username: str = ""
    on_behalf: bool = Field(False, description=(
        "filed by a manager or director for the visitor; the visit still counts for rep_id"))


class VisitPage(BaseModel):
    items: list[VisitRead]
    next_cursor: str | None


class VisitReportWrite(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    report: str = Field(min_length=1, max_length=5000, description="拜访报告")
    on_behalf: bool = Field(False, description=(
        "代为提交: a manager of the deal's region or a director filing another person's "
        "visit report must say so; the visit and its report still count for the visitor"))


class PersonModel(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(max_length=200)
    title: str = Field("", max_length=200, description="职务")


class ParameterModel(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(max_length=200, description="参数名，如 定位精度")
    value: str = Field(max_length=200, description="要求，如 0.005 mm")


class NeedsWrite(BaseModel):
    """The whole record (PUT replaces it); may be saved half filled."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    equipment_type: str = Field("", max_length=200, description="设备类型")
    capacity: str = Field("", max_length=200, description="产能要求")
    site_constraints: str = Field("", max_length=2000, description="现场条件/限制")
    budget_min_fen: StrictInt = Field(0, ge=0, le=10**14, description="预算下限（分）")
    budget_max_fen: StrictInt = Field(0, ge=0, le=10**14, description="预算上限（分）")
    decision_makers: list[PersonModel] = Field(default_factory=list, max_length=20)
    competing_vendors: list[str] = Field(default_factory=list, max_length=20)
    must_have_parameters: list[ParameterModel] = Field(default_factory=list, max_length=20)
    nonstandard_support: bool = Field(False, description="需要技术部非标支持")
    nonstandard_request: str = Field("", max_length=2000, description="非标需求说明")


class NeedsRead(NeedsWrite):
    opportunity_id: str
    complete: bool = Field(description="every required field filled: 方案设计 may begin")
    missing: list[str] = Field(description="required fields still empty")
    missing_labels: list[str] = Field(description="the same, in zh-CN")
    version: int = Field(description="0: nothing recorded yet")
    updated_by: str | None
    updated_at: datetime | None


class RouteStopRead(BaseModel):
    position: int
    visit: VisitRead
    title: str
    account_name: str
    leg_km: float = Field(description="from the previous stop (or the start point)")


class RouteRead(BaseModel):
    date: str
    stops: list[RouteStopRead]
    total_km: float
    unoptimised_km: float = Field(description="the same stops in planning order")
