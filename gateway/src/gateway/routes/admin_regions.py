"""Sales regions (华东, 华南 … and the default 其他): admins create, rename and redraw them,
directors may read them (`/api/v1/admin/regions`, `/export.xlsx`).

A manager is given a region through `/admin/users` (`managed_region_ids`), a rep their
home region there (`region_id`); the list shows both. Assignment rules name regions by id
(`match.region_ids`, `target.region_id`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import StreamingResponse

from gateway import org_access, region_admin
from gateway.deps import CurrentUser, Session
from gateway.region_reads import read_all
from gateway.region_schemas import (
    ProvincesMove,
    RegionChange,
    RegionCreate,
    RegionList,
    RegionRead,
    RegionUpdate,
)
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, Sheet, wall_clock, xlsx_download

router = APIRouter(prefix=API_PREFIX + "/admin/regions", tags=["admin"])
IdempotencyKey = Annotated[str | None, Header(max_length=200, description=(
    "the same key answers the same region, never a second one"))]
HEADERS = ["编码", "名称", "默认区域", "省份", "区域经理", "在职销售", "创建时间"]
CONFLICTS = {409: {"description": "the code or the name is taken"}}


def _allow(role: str, *, write: bool) -> None:
    org_access.allow(role, write=write, what="区域")


@router.get("", response_model=RegionList)
async def list_regions(user: CurrentUser, session: Session) -> RegionList:
    """Every region with its provinces, its managers and how many reps it has."""
    _allow(user.role, write=False)
    return RegionList(items=await read_all(session))


@router.get("/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_regions(user: CurrentUser, session: Session) -> StreamingResponse:
    """The list as .xlsx, zh-CN headers, provinces and managers joined by 、."""
    _allow(user.role, write=False)
    rows = await read_all(session)

    def build() -> Sheet:
        sheet = Sheet("区域", HEADERS)
        for r in rows:
            sheet.append([r.code, r.name, "是" if r.is_default else "否", "、".join(r.provinces),
                          "、".join(m.name for m in r.managers), r.reps,
                          wall_clock(r.created_at)])
        return sheet

    return await xlsx_download(build, "regions", "区域")


@router.post("", status_code=201, response_model=RegionChange, responses=CONFLICTS)
async def create_region(body: RegionCreate, user: CurrentUser, session: Session,
                        idempotency_key: IdempotencyKey = None) -> RegionChange:
    """Admins only. The provinces listed move here from their regions (`moved` says from
    where); 422 naming `provinces.<i>` for a name that is no mainland province, `provinces`
    when the default region would lose its last one; 409 naming `code` or `name`."""
    _allow(user.role, write=True)
    return await region_admin.create(session, by=user, body=body,
                                     idempotency_key=idempotency_key)


@router.patch("/{code}", response_model=RegionRead, responses=CONFLICTS)
async def rename_region(code: str, body: RegionUpdate, user: CurrentUser,
                        session: Session) -> RegionRead:
    """Admins only: a new name (unique). The code never changes."""
    _allow(user.role, write=True)
    return await region_admin.rename(session, by=user, code=code, name=body.name)


@router.post("/{code}/provinces", response_model=RegionChange)
async def move_provinces(code: str, body: ProvincesMove, user: CurrentUser,
                         session: Session) -> RegionChange:
    """Admins only: these provinces now belong to this region, moved from where they were
    (`moved`; one already here is left alone). New leads from them come here within
    seconds; leads already in the system keep their region."""
    _allow(user.role, write=True)
    return await region_admin.move_provinces(session, by=user, code=code,
                                             provinces=body.provinces)
