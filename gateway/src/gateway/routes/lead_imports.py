"""Lead imports: upload an .xlsx/.csv (202 + import id), watch progress, fetch failed rows.

The upload is read from FastAPI's spooled temp file in 256 KiB pieces and streamed to the
leads service over gRPC (client streaming), which stores the pieces as they arrive: no
process holds the whole file. The body limit for this path is SALESOS_MAX_IMPORT_BYTES
(20 MB) instead of the usual 64 KiB.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

import grpc
from fastapi import APIRouter, File, Header, Query, UploadFile
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from salesos.leads.v1 import leads_pb2
from servicekit.errors import field_violations

from gateway.deps import BearerToken, CurrentUser, ServiceClients, Session
from gateway.org_names import named, user_names
from gateway.problems import Problem
from gateway.protoconv import SHANGHAI
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, Sheet, write_stream, xlsx_download

router = APIRouter(prefix=API_PREFIX, tags=["imports"])
UPLOAD_PATH = f"{API_PREFIX}/leads/imports"
IMPORT_ROLES = frozenset({"rep", "manager", "director", "admin"})
CHUNK = 256 * 1024
UPLOAD_DEADLINE_SECONDS = 120.0


class ImportAccepted(BaseModel):
    import_id: str


class ImportPage(BaseModel):
    items: list[ImportRead]
    next_cursor: str | None


class ImportRead(BaseModel):
    import_id: str
    created_by: str = Field(description="the uploader's user id")
    created_by_name: str = Field(description="the uploader's name, as the directory shows it")
    state: str = Field(description="queued, running, done or failed")
    filename: str
    rows_total: int
    rows_done: int
    rows_created: int
    rows_merged: int = Field(description="matched an existing lead or an earlier row")
    rows_failed: int
    rows_warned: int = Field(0, description="imported without a bad optional cell (province, "
                             "industry, scale, budget, urgency), also in rows_created or "
                             "rows_merged; errors.xlsx lists them, 已导入 in 错误原因")
    progress: float = Field(description="0.0 - 1.0, for a progress bar")
    error: str | None = Field(None, description="why the whole file failed")
    created_at: datetime | None
    finished_at: datetime | None


def _read(status: leads_pb2.ImportStatus, names: dict[str, str]) -> ImportRead:
    finished = status.state in {"done", "failed"}
    progress = 1.0 if finished else (
        round(status.rows_done / status.rows_total, 4) if status.rows_total else 0.0)
    return ImportRead(
        import_id=status.import_id, created_by=status.created_by,
        created_by_name=named(names, status.created_by), state=status.state,
        filename=status.filename,
        rows_total=status.rows_total, rows_done=status.rows_done,
        rows_created=status.rows_created, rows_merged=status.rows_merged,
        rows_failed=status.rows_failed, rows_warned=status.rows_warned,
        progress=min(progress, 1.0), error=status.error or None,
        created_at=status.created_at.ToDatetime(tzinfo=SHANGHAI)
        if status.HasField("created_at") else None,
        finished_at=status.finished_at.ToDatetime(tzinfo=SHANGHAI)
        if status.HasField("finished_at") else None)


async def _pieces(file: UploadFile, key: str) -> AsyncIterator[leads_pb2.ImportChunk]:
    first = True
    while data := await file.read(CHUNK):
        if first:
            yield leads_pb2.ImportChunk(filename=file.filename or "", idempotency_key=key,
                                        data=data)
            first = False
        else:
            yield leads_pb2.ImportChunk(data=data)
    if first:  # an empty file still names itself, so the service can say it is empty
        yield leads_pb2.ImportChunk(filename=file.filename or "", idempotency_key=key)


@router.post("/leads/imports", status_code=202, response_model=ImportAccepted,
             responses={413: {}, 415: {"description": "not an .xlsx or .csv file"}})
async def start_import(
    user: CurrentUser, token: BearerToken, clients: ServiceClients,
    file: Annotated[UploadFile, File(description=".xlsx or .csv (UTF-8 or GBK), ≤ 20 MB")],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> ImportAccepted:
    """Headers 姓名/公司/手机/邮箱/省份/行业 (or English) are recognised; rows are imported in
    the background. The same Idempotency-Key with the same file returns the same import;
    with another file it is a 422 naming Idempotency-Key."""
    if user.role not in IMPORT_ROLES:
        raise Problem(403, "forbidden", detail="无权导入线索")
    try:
        status = await clients.start_import(_pieces(file, idempotency_key or ""),
                                            user_token=token, deadline=UPLOAD_DEADLINE_SECONDS)
    except grpc.aio.AioRpcError as error:
        if error.code() == grpc.StatusCode.INVALID_ARGUMENT:
            for field, message in field_violations(error):
                if field == "file":
                    raise Problem(415, "unsupported_media_type", detail=message,
                                  field="file") from error
        raise
    return ImportAccepted(import_id=status.import_id)


@router.get("/leads/imports", response_model=ImportPage)
async def list_imports(_: CurrentUser, token: BearerToken, clients: ServiceClients,
                       session: Session, cursor: Annotated[str, Query(max_length=500)] = "",
                       limit: Annotated[int, Query(ge=1, le=100)] = 20) -> ImportPage:
    """Newest first. Reps see their own imports, managers also those of the people of
    their regions, directors and admins every one (as GET one and its errors.xlsx)."""
    reply = await clients.list_imports(user_token=token, page_size=limit, page_token=cursor)
    names = await user_names(session, {status.created_by for status in reply.imports})
    return ImportPage(items=[_read(status, names) for status in reply.imports],
                      next_cursor=reply.next_page_token or None)


@router.get("/leads/imports/{import_id}", response_model=ImportRead)
async def get_import(import_id: str, _: CurrentUser, token: BearerToken,
                     clients: ServiceClients, session: Session) -> ImportRead:
    status = await clients.get_import(import_id, user_token=token)
    return _read(status, await user_names(session, {status.created_by}))


@router.get("/leads/imports/{import_id}/errors.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def import_errors(import_id: str, _: CurrentUser, token: BearerToken,
                        clients: ServiceClients) -> StreamingResponse:
    """Each failed row with its original columns, then 错误原因 (every bad cell of the row)
    and 原行号: fix the rows and import this file again (the extra columns are ignored on
    import). Rows imported without a bad optional cell are listed too, their 错误原因
    starting 「已导入，以下单元格未导入」: imported again, they match their lead as a touch."""
    await clients.get_import(import_id, user_token=token)  # 404 before any bytes
    rows = aiter(clients.import_errors(import_id, user_token=token,
                                       timeout=UPLOAD_DEADLINE_SECONDS))
    first = await anext(rows, None)  # the file's own headers head the sheet
    sheet = Sheet("导入失败的行", [*(first.headers if first else ()), "错误原因", "原行号"])
    await write_stream(sheet, _following(first, rows), _failed_row)
    return await xlsx_download(lambda: sheet, "import-errors", "导入失败的行")


async def _following(first: leads_pb2.ImportError | None,
                     rest: AsyncIterator[leads_pb2.ImportError]
                     ) -> AsyncIterator[leads_pb2.ImportError]:
    if first is not None:
        yield first
    async for row in rest:
        yield row


def _failed_row(sheet: Sheet, row: leads_pb2.ImportError) -> None:
    # Exactly one cell per header: cells right of the last headed column (notes people
    # keep there, ignored by the import) pushed the reason and row number out of place.
    width = len(row.headers)
    values = list(row.values)[:width] + [""] * (width - len(row.values))
    sheet.append([*values, row.reason, row.row_number])
