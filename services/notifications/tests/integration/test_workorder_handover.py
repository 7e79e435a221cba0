"""Through the consumer: 唐欣 leaves. Her two leads and the order she requested go to 李明,
who reads one item with all of it, and a separate one because that order was delivered and
now waits for his review; the engineer on it hears to talk to 李明 now. An order she worked
on goes back to 技术部's queue and its supervisor is asked to assign it. Her manager reads
one line saying who took what. Each event delivered twice tells nobody twice; the admin who
ran the handover hears nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from notifications.adapters.orm import inbox_items
from salesos.events.v1 import leads_pb2
from salesos.events.v1 import workorders_pb2 as wo

from .conftest import Running, until
from .test_channels_delivery import person, rows
from .test_told_to_others import handled

pytestmark = pytest.mark.integration


async def inbox(running: Running, user_id: str) -> list[tuple[str, str]]:
    found = await rows(running, inbox_items, user_id=user_id)
    return sorted((r["kind"], r["title"]) for r in found)


def moved(part: str, title: str, *, to: str, ref: dict[str, Any], common: dict[str, str]
          ) -> wo.WorkOrderHandedOver:
    return wo.WorkOrderHandedOver(
        ref=wo.WorkOrderRef(work_order_id=str(uuid.uuid4()), title=title, department="tech",
                            department_name="技术部", **ref),
        part=part, to_user_id=to, to_username="rep22" if to else "", **common)


async def test_a_leavers_orders_join_her_handover_item_and_ask_whoever_must_act(
        running: Running) -> None:
    boss, admin = person(running, "manager"), person(running, "admin")
    leaver, heir = person(running, manager_id=boss), person(running, manager_id=boss)
    engineer, supervisor = person(running, "engineer"), person(running, "manager")
    for uid, name in ((leaver, "唐欣"), (heir, "李明"), (engineer, "周工")):
        running.org.users[uid].display_name = name
    common = {"handover_id": str(uuid.uuid4()), "from_user_id": leaver,
              "from_username": "rep21", "by_user_id": admin, "reason": "离职",
              "leaver_manager_id": boss}
    leads = leads_pb2.LeadsHandedOver(
        handover_id=common["handover_id"], from_user_id=leaver, from_username="rep21",
        to_user_id=heir, to_username="rep22", by_user_id=admin, reason="离职", count=2,
        leaver_manager_id=boss)
    requested = moved("requester", "非标夹具评估", to=heir, common=common, ref={
        "requester_id": heir, "assignee_id": engineer, "supervisor_id": supervisor,
        "cc_ids": [supervisor, boss], "state": "delivered"})
    worked_on = moved("assignee", "报价成本核算", to="", common=common, ref={
        "requester_id": person(running), "supervisor_id": supervisor,
        "cc_ids": [supervisor], "state": "in_progress"})
    envelopes = [await running.publish(leads, type="leads.handed_over")]
    for event in (requested, worked_on):
        envelope = await running.publish(event, type="workorders.handed_over")
        await running.publish(event, type="workorders.handed_over", envelope=envelope)
        envelopes.append(envelope)

    line = ("唐欣 的 2 条线索、0 个商机、2 个工单已交接给 李明（2 条线索、1 个工单）、"
            "部门待指派队列（1 个工单）")
    assert await until(lambda: _when_full(running, boss, line)) == [
        ("leads_handed_over_manager", line)]
    took = "您接手了 唐欣 的 2 条线索、0 个商机、1 个工单"
    assert await until(lambda: _when_full(running, heir, took)) == [
        ("leads_handed_over", took),
        ("workorder_review_handed_over", "工单已交付，待您验收：非标夹具评估")]
    assert await until(lambda: inbox(running, engineer)) == [
        ("workorder_requester_changed", "工单发起人已变更：非标夹具评估")]
    assert await until(lambda: inbox(running, supervisor)) == [
        ("workorder_back_in_queue", "工单退回待指派（技术部）：报价成本核算")]
    for envelope in envelopes:
        await handled(running, envelope)
    [told] = await rows(running, inbox_items, user_id=engineer)
    assert "请与 李明 联系" in told["body"]
    assert await inbox(running, admin) == [] and await inbox(running, leaver) == []


async def _when_full(running: Running, user_id: str, title: str) -> list[tuple[str, str]]:
    """The person's inbox once the handover's item reads `title` (it is rewritten as each
    part arrives)."""
    found = await inbox(running, user_id)
    return found if any(t == title for _, t in found) else []


async def test_a_supervisor_who_managed_the_leaver_reads_one_item_linking_to_the_order(
        running: Running) -> None:
    """周工 leaves 技术部 with no successor; his manager supervises 技术部: one item, which
    counts the order, asks to assign it and opens it — no "back in queue" beside it."""
    boss, admin, engineer = person(running, "manager"), person(running, "admin"), \
        person(running, "engineer", manager_id="")
    running.org.users[engineer].display_name = "周工"
    common = {"handover_id": str(uuid.uuid4()), "from_user_id": engineer,
              "from_username": "eng7", "by_user_id": admin, "reason": "离职",
              "leaver_manager_id": boss}
    worked_on = moved("assignee", "报价成本核算", to="", common=common, ref={
        "requester_id": person(running), "supervisor_id": boss, "cc_ids": [boss],
        "state": "in_progress"})
    envelope = await running.publish(worked_on, type="workorders.handed_over")
    await handled(running, envelope)

    line = "周工 的 1 个工单已交接给 部门待指派队列"
    assert await until(lambda: _when_full(running, boss, line)) == [
        ("leads_handed_over_manager", line)]
    [item] = await rows(running, inbox_items, user_id=boss)
    assert item["link"] == f"/workorders/{worked_on.ref.work_order_id}"
    assert "指派" in item["body"]
