"""Helpers of the field-work integration tests: uploads, walking a deal through stages,
reading the outbox (the `field` stub fixture is in conftest.py)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable
from typing import Any

from google.protobuf.message import Message
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.envelope import unpack
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 3000
SITE = {"latitude": 31.2989, "longitude": 120.5853}


def visit_upload(header: pb.VisitHeader,
                 photos: Iterable[tuple[str, bytes]] = ()) -> AsyncIterator[pb.VisitUpload]:
    async def parts() -> AsyncIterator[pb.VisitUpload]:
        yield pb.VisitUpload(header=header)
        for name, data in photos:
            yield pb.VisitUpload(photo=pb.PhotoStart(filename=name, content_type="image/jpeg"))
            for at in range(0, len(data), 1000):
                yield pb.VisitUpload(chunk=data[at:at + 1000])

    return parts()


async def open_deal(stub: Any, metadata: Any, **fields: Any) -> pb.Opportunity:
    return await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"无锡精工{uuid.uuid4().hex[:6]}有限公司", title="数控车床",
        amount_fen=50_000_000, **fields), metadata=metadata)


async def advance(stub: Any, metadata: Any, deal: pb.Opportunity, to: str,
                  reason: str = "") -> pb.Opportunity:
    """Ticks every sub-step of the current stage, then moves to `to`."""
    for step in deal.steps:
        if step.stage == deal.stage and not step.done:
            await stub.CheckStep(pb.CheckStepRequest(opportunity_id=deal.id, step_id=step.id),
                                 metadata=metadata)
    return await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=deal.id, to=to,
                                                        reason=reason), metadata=metadata)


async def events_of(sessions: async_sessionmaker[AsyncSession], aggregate_id: str,
                    kind: str, payload_type: type[Message]) -> list[Any]:
    async with sessions() as session:
        rows = await session.execute(text(
            "SELECT payload FROM outbox WHERE aggregate_id = :id AND type = :type "
            "ORDER BY created_at, id"), {"id": aggregate_id, "type": kind})
        return [unpack(Envelope.FromString(r.payload), payload_type) for r in rows]
