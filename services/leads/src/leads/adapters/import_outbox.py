"""leads.created outbox rows for a batch of imported leads, written with COPY.

The same rows UnitOfWork.publish would write (servicekit's outbox table, the standard
Envelope), built for a whole batch at once: the trace context and the time are taken
once per batch instead of once per lead, and binary COPY replaces a 5,000-row
executemany. Measured on the import path this cuts ~55 us per lead to ~10.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from opentelemetry import propagate
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.uow import outbox_channel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from leads.domain.model import Lead
from leads.service_layer.messages import to_message


async def publish_created(session: AsyncSession, leads: Sequence[Lead], *, source: str) -> None:
    if not leads:
        return
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    now = datetime.now(UTC)
    records = []
    for lead in leads:
        event = lead.events.pop(0)  # the LeadCreated that Lead.create recorded
        envelope = Envelope(id=str(uuid7()), type="leads.created", source=source,
                            aggregate_id=lead.id, traceparent=carrier.get("traceparent", ""),
                            tracestate=carrier.get("tracestate", ""))
        envelope.occurred_at.FromDatetime(now)
        envelope.payload.Pack(to_message(event))
        records.append((uuid.UUID(envelope.id), "leads.created", lead.id,
                        envelope.SerializeToString(), now, 0))
    raw = await (await session.connection()).get_raw_connection()
    await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
        "outbox", records=records,
        columns=["id", "type", "aggregate_id", "payload", "created_at", "attempts"])
    await session.execute(text(f"NOTIFY {outbox_channel(source)}"))
