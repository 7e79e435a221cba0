"""Attachments on a work order: multipart upload (≤ 3 MB; the service stores it once per
content) and download, always as a file, never rendered by the browser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Header, UploadFile
from fastapi.responses import Response
from salesos.workorders.v1 import workorders_pb2 as pb

from gateway.deps import BearerToken, CurrentUser
from gateway.disposition import ascii_stand_in, attachment
from gateway.routes import API_PREFIX
from gateway.workorder_schemas import AttachmentRead, plain
from gateway.workorders_client import WorkOrders

router = APIRouter(tags=["workorders"])
IdempotencyKey = Annotated[str | None, Header(
    max_length=200, description="a retried upload of the same file attaches it once; "
                                "the same key with another file is 422")]
ATTACHMENT_PATH = rf"^{API_PREFIX}/workorders/[^/]+/attachments$"  # its own body limit
MAX_ATTACHMENT_BODY = 3 * 1024 * 1024 + 64 * 1024  # the service's 3 MB plus multipart
SAFE_TYPES = frozenset({
    "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain",
    "application/zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/msword", "application/vnd.ms-excel", "application/octet-stream"})


@router.post("/workorders/{workorder_id}/attachments", status_code=201,
             response_model=AttachmentRead)
async def attach(workorder_id: str, file: Annotated[UploadFile, File(description="≤ 3 MB")],
                 _: CurrentUser, token: BearerToken, workorders: WorkOrders,
                 idempotency_key: IdempotencyKey = None) -> AttachmentRead:
    """multipart/form-data with one `file`; the same bytes are stored once."""
    request = pb.AddAttachmentRequest(
        work_order_id=workorder_id, filename=file.filename or "",
        content_type=file.content_type or "", content=await file.read(MAX_ATTACHMENT_BODY),
        idempotency_key=idempotency_key or "")
    reply = await workorders.call("AddAttachment", request, user_token=token)
    return AttachmentRead(**plain(reply))


@router.get("/workorders/{workorder_id}/attachments/{attachment_id}")
async def download(workorder_id: str, attachment_id: str, _: CurrentUser, token: BearerToken,
                   workorders: WorkOrders) -> Response:
    reply = await workorders.call("GetAttachment", pb.GetAttachmentRequest(
        work_order_id=workorder_id, attachment_id=attachment_id), user_token=token)
    meta = reply.attachment
    # The type is what the uploader claimed: never let a browser render it as a page of
    # ours (HTML/SVG/JS would run with the gateway's origin).
    media = meta.content_type if meta.content_type.split(";")[0].strip().lower() in SAFE_TYPES \
        else "application/octet-stream"
    return Response(reply.content, media_type=media, headers={
        "Content-Disposition": attachment(meta.filename, ascii_stand_in(meta.filename)),
        "X-Content-Type-Options": "nosniff"})
