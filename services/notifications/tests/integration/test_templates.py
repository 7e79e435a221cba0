"""Texts are data: admins edit them over gRPC and the next event is worded that way;
each person reads in their own language."""

from __future__ import annotations

import uuid

import grpc
import pytest
from notifications.adapters.orm import inbox_items
from notifications.domain.preferences import Preferences
from salesos.events.v1 import pipeline_pb2
from salesos.notifications.v1 import notifications_pb2 as pb
from servicekit.errors import field_violations

from .conftest import Running, until
from .test_channels_delivery import as_user, blocked, person, rows, set_prefs, stub

pytestmark = pytest.mark.integration


async def test_the_seeded_texts_are_listed_for_admins_only(running: Running) -> None:
    listed = await stub(running).ListTemplates(pb.ListTemplatesRequest(),
                                               metadata=as_user("admin-1", "admin"))
    by_key = {(t.kind, t.language): t for t in listed.templates}
    assert by_key[("lead_assigned", "zh-CN")].title == "新线索已分配给您：{company} {name}"
    assert "total" in by_key[("quote_issued", "en")].parameters
    # a later revision's texts: English names nobody in English, the assigned kind exists
    assert "{assignee_en}" in by_key[("workorder_escalated", "en")].body
    assert by_key[("workorder_assigned", "zh-CN")].updated_at.seconds  # a row, not a default
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub(running).ListTemplates(pb.ListTemplatesRequest(), metadata=as_user("r1"))
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_an_edited_text_words_the_next_event_and_a_bad_one_is_refused(
        running: Running) -> None:
    admin = as_user("admin-1", "admin")
    original = next(t for t in (await stub(running).ListTemplates(
        pb.ListTemplatesRequest(), metadata=admin)).templates
        if (t.kind, t.language) == ("signature_completed", "zh-CN"))
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stub(running).PutTemplate(pb.MessageTemplate(
            kind="signature_completed", language="zh-CN", title="签了 {amount}"), metadata=admin)
    assert [f for f, _ in field_violations(caught.value)] == ["title"]
    saved = await stub(running).PutTemplate(pb.MessageTemplate(
        kind="signature_completed", language="zh-CN", title="🎉 {account_name} 已签约",
        body="签署人 {signer_name}"), metadata=admin)
    assert saved.updated_by == "admin-1"
    try:
        rep = person(running)
        await running.publish(pipeline_pb2.SignatureCompleted(
            contract_id="c1", opportunity_id=str(uuid.uuid4()), owner_id=rep,
            signer_name="李娜", account_name="恒力液压"), type="pipeline.signature_completed")
        [item] = await until(lambda: rows(running, inbox_items, user_id=rep))
        assert item["title"] == "🎉 恒力液压 已签约"
    finally:
        await stub(running).PutTemplate(original, metadata=admin)


async def test_each_person_reads_in_their_own_language(running: Running) -> None:
    rep = person(running)
    await set_prefs(running, Preferences(user_id=rep, language="en"))
    await running.publish(blocked(rep, "Line 3 expansion"), type="pipeline.stage_gate_blocked")
    [item] = await until(lambda: rows(running, inbox_items, user_id=rep))
    assert item["title"] == "Deal cannot enter Quote: Line 3 expansion"
