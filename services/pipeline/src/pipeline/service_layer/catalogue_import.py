"""Importing a catalogue file: every row checked, then all of it written in one
transaction, or nothing. Product changes publish no events (neither do single edits),
so the import publishes none either; quotes keep the unit prices they were made with."""

from __future__ import annotations

from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.auth import Principal
from servicekit.errors import FieldError, PermissionDenied
from servicekit.uow import UnitOfWork

from pipeline.adapters import catalogue_repo
from pipeline.domain.catalogue_import import MAX_ROWS, ImportRow, RowError, plan
from pipeline.service_layer.deps import SOURCE, Deps

MAX_ERRORS_LISTED = 500  # the rest are counted: a long list is one mistake repeated


def rows_of(request: qpb.ImportProductsRequest) -> list[ImportRow]:
    return [ImportRow(r.row, r.code, r.kind, r.name, r.list_price_fen, r.unit, tuple(r.fits),
                      r.active if r.HasField("active") else None) for r in request.rows]


def _refused(errors: list[RowError]) -> qpb.ImportProductsResponse:
    return qpb.ImportProductsResponse(error_count=len(errors), errors=[
        qpb.ImportRowError(row=e.row, field=e.field, message=e.message)
        for e in errors[:MAX_ERRORS_LISTED]])


async def import_products(rows: list[ImportRow], principal: Principal,
                          deps: Deps) -> qpb.ImportProductsResponse:
    if principal.role != "admin":
        raise PermissionDenied("只有管理员可以导入产品目录")
    if not rows:
        raise FieldError("rows", "文件中没有产品")
    if len(rows) > MAX_ROWS:
        raise FieldError("rows", f"一次最多导入 {MAX_ROWS} 个产品")
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        await catalogue_repo.lock(uow.session)
        result, errors = plan(rows, await catalogue_repo.catalogue(uow.session))
        if result is None:
            return _refused(errors)  # rolled back: nothing written
        await catalogue_repo.upsert(uow.session, result.writes, by=principal.user_id,
                                    now=deps.clock())
        await uow.commit()
    return qpb.ImportProductsResponse(created=result.created, updated=result.updated,
                                      unchanged=result.unchanged)
