"""Admins import the product catalogue from the workbook the export gives them: export,
edit in Excel, import. All rows are written in one transaction, or none."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, File, Header, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from salesos.pipeline.v1 import quotes_pb2 as qpb

from gateway.deps import BearerToken, CurrentUser
from gateway.problems import PROBLEM_JSON, Problem, shown
from gateway.product_import_sheet import CellError, load
from gateway.quotes_client import Quotes
from gateway.routes import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["products"])
UPLOAD_PATH = f"{API_PREFIX}/products/import"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # 5,000 rows of the export are ~300 KB; room for styling
IMPORT_DEADLINE_SECONDS = 60.0  # thousands of rows checked and written in one transaction
MAX_LISTED = 500  # a longer list is one mistake repeated; `error_count` still says how many


class ImportCounts(BaseModel):
    created: int = Field(description="codes the catalogue did not have")
    updated: int = Field(description="existing products the file changed")
    unchanged: int = Field(description="rows equal to the catalogue: importing the same "
                                       "file again gives only these")


def rows_problem(errors: list[CellError], total: int, instance: str, *,
                 what: str = "产品") -> JSONResponse:
    """422 listing each bad cell by row number and zh column, each named
    `rows.<row>.<field>` as a body's nested fields are named elsewhere; `field` names the
    first. `what`: what nothing was imported of."""
    first = errors[0]
    detail = f"第 {first.row} 行「{first.column}」：{first.message}"
    if total > 1:
        detail += f"（共 {total} 处错误，未导入任何{what}）"
    problem = Problem(422, "validation_error", detail=detail,
                      field=f"rows.{first.row}.{first.field}")
    listed = [{"field": f"rows.{e.row}.{e.field}", "message": shown(e.message), "row": e.row,
               "column": shown(e.column)} for e in errors[:MAX_LISTED]]
    return JSONResponse(problem.body(instance) | {"errors": listed, "error_count": total},
                        status_code=422, media_type=PROBLEM_JSON)


@router.post("/products/import", response_model=ImportCounts, responses={
    403: {}, 413: {"description": "over 5 MB or 5,000 rows"}, 415: {},
    422: {"description": "`errors` lists each bad cell: row, column (zh header), message"}})
async def import_products(
    request: Request, user: CurrentUser, token: BearerToken, quotes: Quotes,
    file: Annotated[UploadFile, File(description=".xlsx as the export writes it, or .csv")],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> ImportCounts | JSONResponse:
    """Admins only. The columns of `GET /products/export.xlsx` (产品编码, 名称, 类型, 单位,
    目录价（元）, 适配产品, 在售); other columns are ignored. Each code is created or
    updated; prices in 元 with at most 2 decimals. All or nothing: any bad row is a 422
    listing every bad cell, and nothing is written. Products the file does not name are
    NOT retired: retire one by writing 否 in 在售 (an empty 在售 keeps a product's state;
    a new product is active). Quotes already made keep their prices. Importing the same
    file again changes nothing, so Idempotency-Key needs no bookkeeping."""
    if user.role != "admin":
        raise Problem(403, "forbidden", detail="只有管理员可以导入产品目录")
    data = await file.read()
    rows, errors = await asyncio.to_thread(load, data, file.filename or "")
    if errors:
        return rows_problem(errors, len(errors), request.url.path)
    reply = await quotes.call("ImportProducts", qpb.ImportProductsRequest(rows=rows),
                              user_token=token, deadline=IMPORT_DEADLINE_SECONDS)
    if reply.errors:
        refused = [CellError(e.row, e.field, e.message) for e in reply.errors]
        return rows_problem(refused, reply.error_count, request.url.path)
    return ImportCounts(created=reply.created, updated=reply.updated, unchanged=reply.unchanged)

