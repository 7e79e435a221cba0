"""Outbox rows for a batch of imported rows (leads.created, leads.touched), written with COPY.

The same rows UnitOfWork.publish would write (servicekit's outbox table, the standard
Envelope), built for a whole batch at once (`servicekit.envelope.new_envelopes`: the
trace context and the time once per batch), and binary COPY replaces a 5,000-row
executemany. Measured on the import path this cuts ~55 us per lead to ~10.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from operator import attrgetter

from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.envelope import new_envelopes
from servicekit.uow import Pending, outbox_channel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from leads.domain.lead_wire import LeadView
from leads.domain.model import Lead

_CREATED = attrgetter("id", "source", "name", "company", "phone", "email", "province",
                      "region_id", "industry")


def created_message(lead: Lead | LeadView, *, import_id: str = "") -> events_pb2.LeadCreated:
    """The LeadCreated that Lead.create recorded, as protobuf, naming the import. An
    imported row's lead (a view of the worker's flat tuple) recorded none: the message is
    built straight from its fields, the ones `lead_wire.created_event` names, without
    that dataclass in between (4.8 -> 2.8 us a lead)."""
    if lead.events:
        return events_pb2.LeadCreated(**vars(lead.events.pop(0)), import_id=import_id)
    (lead_id, source, name, company, phone, email, province, region_id,
     industry) = _CREATED(lead)
    return events_pb2.LeadCreated(
        lead_id=lead_id, source=source, name=name, company=company, phone=phone,
        email=email, province=province, region_id=region_id, industry=industry,
        import_id=import_id)


Item = tuple[str, str, Message, tuple[str, ...]]  # type, aggregate id, payload, done for


async def publish(session: AsyncSession, items: Sequence[Item], *, source: str,
                  handover: bool) -> list[Pending]:
    """(type, aggregate id, payload, done-for durables) per event, in order, into the
    outbox; the rows as the relay takes them. `handover`: this process's relay gets the
    rows after the commit (no NOTIFY: a relay woken by one sweeps the table with
    `FOR UPDATE SKIP LOCKED`, 200 rows a transaction, which for an import's 200k rows
    left most of them unrelayed minutes after the job had ended)."""
    if not items:
        return []
    now = datetime.now(UTC)
    made = new_envelopes([(payload, kind, aggregate_id)
                          for kind, aggregate_id, payload, _ in items], source=source)
    records, rows = [], []
    for (key, envelope), (kind, aggregate_id, _, done_for) in zip(made, items, strict=True):
        data = envelope.SerializeToString()
        records.append((key, kind, aggregate_id, data, now, 0))
        rows.append(Pending(key, kind, data, envelope.traceparent, done_for))
    raw = await (await session.connection()).get_raw_connection()
    await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
        "outbox", records=records,
        columns=["id", "type", "aggregate_id", "payload", "created_at", "attempts"])
    if not handover:
        await session.execute(text(f"NOTIFY {outbox_channel(source)}"))
    return rows
