"""An import of thousands of leads tells each owner once, in its summary, so its per-lead
leads.assigned events tell nobody: notifications acks them without keeping a record of
each (an inbox row per imported lead was most of what they cost). Every event that does
tell someone is still recorded, and told once however often JetStream delivers it."""

from __future__ import annotations

import uuid

import pytest
from google.protobuf.message import Message
from notifications.adapters.orm import inbox_items
from salesos.events.v1 import leads_pb2
from servicekit.tables import inbox

from .conftest import Running, until
from .test_channels_delivery import person, rows

pytestmark = pytest.mark.integration
Owner = leads_pb2.LeadImportFinished.Owner


async def _twice(running: Running, event: Message, kind: str) -> str:
    """Published, then published again as a relay re-sending it would (a redelivery)."""
    envelope = await running.publish(event, type=kind)
    await running.publish(event, type=kind, envelope=envelope)
    return envelope.id


async def _recorded(running: Running, *event_ids: str) -> set[str]:
    async with running.sessions() as session:
        found = await session.execute(inbox.select().with_only_columns(inbox.c.event_id)
                                      .where(inbox.c.event_id.in_(
                                          [uuid.UUID(i) for i in event_ids])))
    return {str(i) for i in found.scalars()}


async def test_an_imports_per_lead_events_leave_no_record_and_its_summary_comes_once(
        running: Running) -> None:
    rep, walk_in_rep, uploader = person(running), person(running), person(running, "manager")
    import_id = str(uuid.uuid4())
    per_lead = [await _twice(running, leads_pb2.LeadAssigned(
        lead_id=str(uuid.uuid4()), owner_id=rep, company=f"导入公司{n}", name="王工",
        import_id=import_id), "leads.assigned") for n in range(3)]
    summary = await _twice(running, leads_pb2.LeadImportFinished(
        import_id=import_id, file_name="展会名单.xlsx", started_by=uploader, state="done",
        rows_total=3, created=3, owners=[Owner(owner_id=rep, assigned=3)]),
        "leads.import_finished")
    # A web form's lead, last: once its owner's item is there, everything before it (the
    # stream's order) has been through the consumer, copies included.
    web_form = await _twice(running, leads_pb2.LeadAssigned(
        lead_id=str(uuid.uuid4()), owner_id=walk_in_rep, company="杭州恒力液压", name="李娜",
        reason="华东区轮流分配"), "leads.assigned")
    await until(lambda: rows(running, inbox_items, user_id=walk_in_rep))

    assert await _recorded(running, *per_lead, summary, web_form) == {summary, web_form}
    assert [i["kind"] for i in await rows(running, inbox_items, user_id=rep)] == [
        "lead_import_assigned"]
    assert [i["kind"] for i in await rows(running, inbox_items, user_id=uploader)] == [
        "lead_import_finished"]
    assert [i["event_id"] for i in await rows(running, inbox_items, user_id=walk_in_rep)] == [
        web_form]
