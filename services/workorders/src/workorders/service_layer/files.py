"""Attachments on a work order: stored through servicekit.storage, listed on the order,
readable by whoever may read the order. The same file uploaded again by the same person
(a retry, with or without Idempotency-Key) is attached once; the same Idempotency-Key with
another file is refused naming it, as on every other keyed write.

A closed or cancelled order takes no more files (409, pointing to a follow-up order):
the order is locked and its state checked before the bytes are stored or the key is
recorded, so a refused upload leaves neither a file nor a row, and a close committing
meanwhile waits for the upload or refuses it. Only the same file the same person already
attached (a retry answered late) is answered, as before the close."""

from __future__ import annotations

from salesos.workorders.v1 import workorders_pb2 as pb
from servicekit.errors import FieldError, NotFound
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.storage import content_key
from uuid6 import uuid7

from workorders.adapters import details, repository
from workorders.adapters.details import AttachmentRow
from workorders.domain.access import Actor
from workorders.domain.model import ENDED
from workorders.domain.text import printable
from workorders.service_layer import messages
from workorders.service_layer.deps import Deps
from workorders.service_layer.errors import domain_errors
from workorders.service_layer.reading import visible

MAX_NAME, MAX_TYPE, MAX_EXTENSION = 200, 100, 16


def _name(filename: str) -> str:
    """No path parts; a name too long is cut before its extension, which it keeps (cut at
    the end, "…总装图.pdf" downloaded as "…总装" and opened with nothing)."""
    name = printable(filename).strip().replace("/", "_").replace("\\", "_")
    if len(name) <= MAX_NAME:
        return name
    stem, dot, extension = name.rpartition(".")
    if stem and dot and len(extension) <= MAX_EXTENSION:
        return f"{stem[:MAX_NAME - len(extension) - 1]}.{extension}"
    return name[:MAX_NAME]


async def add(order_id: str, filename: str, content_type: str, content: bytes, actor: Actor,
              deps: Deps, idempotency_key: str = "") -> pb.Attachment:
    name = _name(filename)
    content_type = printable(content_type).strip()[:MAX_TYPE]
    if not name:
        raise FieldError("file", "缺少文件名")
    if not content:
        raise FieldError("file", "文件为空")
    if len(content) > deps.max_attachment_bytes:
        raise FieldError("file", f"文件不能超过 {deps.max_attachment_bytes // 1024 // 1024} MB")
    async with deps.sessions() as session:
        order = await visible(session, order_id, actor, for_update=True)
        key, digest = content_key(content)
        if order.state in ENDED:
            if found := await details.same_file(session, order.id, sha256=digest,
                                                filename=name, by_user_id=actor.user_id):
                return messages.attachment(found)  # attached before the close: a retry
            with domain_errors():
                order.require_writable()
        # Bytes first: a crash in between leaves an unreferenced file, never a dangling row.
        if idempotency_key:
            asked = fingerprint(order.id, "attach", digest, name)
            check_same_request(arriving=asked, stored=await repository.seen_request(
                session, order_id=order.id, by=actor.user_id, key=idempotency_key,
                action="attach", request_hash=asked))
        await deps.storage.put(key, content, content_type=content_type or "")
        if found := await details.same_file(session, order.id, sha256=digest, filename=name,
                                            by_user_id=actor.user_id):
            await session.commit()  # keeps the key's request, if new
            return messages.attachment(found)  # a retried upload attaches once
        row = AttachmentRow(str(uuid7()), name, content_type or "application/octet-stream",
                            len(content), digest, key, actor.user_id, deps.clock())
        await details.add_attachment(session, order.id, row)
        await session.commit()
    return messages.attachment(row)


async def get(order_id: str, attachment_id: str, actor: Actor,
              deps: Deps) -> pb.AttachmentContent:
    async with deps.sessions() as session:
        order = await visible(session, order_id, actor)
        row = await details.attachment(session, order.id, attachment_id)
    if row is None:
        raise NotFound("附件不存在")
    content = await deps.storage.get(row.storage_key)
    return pb.AttachmentContent(attachment=messages.attachment(row), content=content)
