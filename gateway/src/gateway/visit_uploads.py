"""A visit upload's photos, checked before anything reaches the pipeline service (type by
the bytes, 415; size, 413; count, 422 — each naming the field), then streamed on as the
RecordVisit messages: the header, then each photo's start and 256 KiB chunks."""

from __future__ import annotations

from collections.abc import AsyncIterator

from fastapi import UploadFile
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.problems import Problem

PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")
MAX_PHOTOS, MAX_PHOTO_BYTES, CHUNK = 9, 8 * 1024 * 1024, 256 * 1024


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return "image/webp" if head[:4] == b"RIFF" and head[8:12] == b"WEBP" else None


async def checked_photos(photos: list[UploadFile]) -> list[UploadFile]:
    if len(photos) > MAX_PHOTOS:
        raise Problem(422, "validation_error", detail=f"每次拜访最多 {MAX_PHOTOS} 张照片",
                      field="photos")
    for i, photo in enumerate(photos):
        if (photo.size or 0) > MAX_PHOTO_BYTES:
            raise Problem(413, "payload_too_large", detail="照片不能超过 8 MB",
                          field=f"photos.{i}")
        head = await photo.read(16)
        await photo.seek(0)
        if (photo.content_type or "") not in PHOTO_TYPES or _sniff(head) is None:
            raise Problem(415, "unsupported_media_type", field=f"photos.{i}",
                          detail="只支持 JPEG、PNG、WebP 照片")
    return photos


async def upload_parts(header: pb.VisitHeader, photos: list[UploadFile]
                 ) -> AsyncIterator[pb.VisitUpload]:
    yield pb.VisitUpload(header=header)
    for photo in photos:
        yield pb.VisitUpload(photo=pb.PhotoStart(filename=photo.filename or "",
                                                 content_type=photo.content_type or ""))
        while data := await photo.read(CHUNK):
            yield pb.VisitUpload(chunk=data)
