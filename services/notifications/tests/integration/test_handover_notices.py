"""A successor handed a leaver's 250 leads and 3 deals reads one inbox item saying so,
not 253; the leaver's manager reads one line. The leads and pipeline services each report
their batches separately, even across a retried run, and a handover whose leads go
through the rules reports them under another id: the counts add up in that one item,
which names people as the directory does."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import pytest
import sqlalchemy as sa
from google.protobuf.message import Message
from notifications.adapters.orm import inbox_items
from notifications.service_layer import handlers, notify
from notifications.service_layer.deps import Deps
from salesos.events.v1 import leads_pb2, pipeline_pb2
from salesos.events.v1 import workorders_pb2 as wo
from servicekit.envelope import new_envelope
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.integration
Sessions = async_sessionmaker[AsyncSession]


NAMES: dict[str, str] = {}  # user id -> display name, as each story hires


class Names:
    """The directory as the texts need it: display names (the id of anyone it lacks)."""

    async def display_name(self, user_id: str) -> str:
        return NAMES.get(user_id, user_id)


async def _deliver(sessions: Sessions, kind: str, event: Message, aggregate_id: str) -> None:
    envelope = new_envelope(event, type=kind, source=kind.split(".")[0],
                            aggregate_id=aggregate_id)
    # What the consumers do: handovers through notify (names), other leads events drafted.
    on_notice = notify.handler(Deps(sessions=sessions, org=Names(),  # type: ignore[arg-type]
                                    channels={}))
    for _ in range(2):  # JetStream may deliver twice
        async with UnitOfWork(sessions, source="notifications") as uow:
            if kind in notify.LEAD_SUBJECTS or not kind.startswith("leads."):
                await on_notice(uow, envelope, event)
            else:
                await handlers.on_lead_event(uow, envelope, event)
            await uow.commit()


async def _inbox(sessions: Sessions, *people: str) -> list[tuple[str, str, str]]:
    async with sessions() as session:
        rows = (await session.execute(sa.select(inbox_items).where(
            inbox_items.c.user_id.in_(people)).order_by(inbox_items.c.user_id))).all()
    return [(r.user_id, r.kind, r.title) for r in rows]


async def test_the_successor_is_told_once_and_the_leavers_manager_gets_a_line(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    sessions = await db_sessionmaker("notifications")
    handover_id, heir = str(uuid.uuid4()), f"a-rep-{uuid.uuid4()}"
    manager = f"b-mgr-{uuid.uuid4()}"
    common = {"handover_id": handover_id, "from_user_id": f"left-{uuid.uuid4()}",
              "from_username": "rep01",
              "to_user_id": heir, "to_username": "rep02", "reason": "离职",
              "leaver_manager_id": manager}
    NAMES.update({common["from_user_id"]: "唐欣", heir: "李明"})
    for n in range(3):  # the handover's own assignments stay quiet
        lead_id = str(uuid.uuid4())
        await _deliver(sessions, "leads.assigned", leads_pb2.LeadAssigned(
            lead_id=lead_id, owner_id=heir, company=f"公司{n}", name="王工",
            handover_id=handover_id), lead_id)
    assert await _inbox(sessions, heir) == []

    await _deliver(sessions, "leads.handed_over",
                   leads_pb2.LeadsHandedOver(**common, count=200), handover_id)
    await _deliver(sessions, "leads.handed_over",
                   leads_pb2.LeadsHandedOver(**common, count=50), handover_id)
    # pipeline was down on the first run; the retry's deals arrive later, same handover
    await _deliver(sessions, "pipeline.opportunities_handed_over",
                   pipeline_pb2.OpportunitiesHandedOver(**common, count=3), handover_id)

    assert await _inbox(sessions, heir, manager) == [
        (heir, "leads_handed_over", "您接手了 唐欣 的 250 条线索、3 个商机"),
        (manager, "leads_handed_over_manager", "唐欣 的 250 条线索、3 个商机已交接给 李明")]


async def test_through_the_rules_the_deals_successor_reads_one_item_and_the_manager_one_line(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    """`leads_to: rules`: the leads' summaries come under the rules' own id, one per new
    owner (the deals' successor among them) and one for the manager naming nobody."""
    sessions = await db_sessionmaker("notifications")
    leaver, heir, colleague = (f"{n}-{uuid.uuid4()}" for n in ("left", "a-heir", "c-rep"))
    manager = f"b-mgr-{uuid.uuid4()}"
    NAMES.update({leaver: "唐欣", heir: "李明", colleague: "赵强"})
    rules_id, deals_id = str(uuid.uuid4()), str(uuid.uuid4())
    common = {"from_user_id": leaver, "from_username": "rep21", "reason": "离职"}
    for owner, count in ((heir, 1), (colleague, 2)):
        await _deliver(sessions, "leads.handed_over", leads_pb2.LeadsHandedOver(
            **common, handover_id=rules_id, to_user_id=owner, to_username="x",
            count=count), rules_id)
    await _deliver(sessions, "leads.handed_over", leads_pb2.LeadsHandedOver(
        **common, handover_id=rules_id, to_username="分配规则", leaver_manager_id=manager,
        count=3), rules_id)
    await _deliver(sessions, "pipeline.opportunities_handed_over",
                   pipeline_pb2.OpportunitiesHandedOver(
                       **common, handover_id=deals_id, to_user_id=heir, to_username="rep22",
                       leaver_manager_id=manager, count=1), deals_id)

    assert await _inbox(sessions, heir, manager, colleague) == [
        (heir, "leads_handed_over", "您接手了 唐欣 的 1 条线索、1 个商机"),
        (manager, "leads_handed_over_manager",
         "唐欣 的 3 条线索、1 个商机已交接给 李明（1 个商机）、分配规则（3 条线索）"),
        (colleague, "leads_handed_over", "您接手了 唐欣 的 2 条线索、0 个商机")]


async def test_a_run_that_moved_nothing_tells_nobody(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    sessions = await db_sessionmaker("notifications")
    heir = f"rep-{uuid.uuid4()}"
    await _deliver(sessions, "leads.handed_over", leads_pb2.LeadsHandedOver(
        handover_id=str(uuid.uuid4()), to_user_id=heir, count=0), "h")
    assert await _inbox(sessions, heir) == []


async def test_the_admin_who_ran_the_handover_reads_nothing_of_it(
    db_sessionmaker: Callable[[str], Awaitable[Sessions]],
) -> None:
    """The admin is neither successor, manager nor a new owner: the leads', the deals' and
    each work order's news goes to those who take or oversee the work, none to them."""
    sessions = await db_sessionmaker("notifications")
    admin, heir, manager, supervisor = (f"{n}-{uuid.uuid4()}"
                                        for n in ("admin", "a-heir", "b-mgr", "c-sup"))
    leaver, handover_id = f"left-{uuid.uuid4()}", str(uuid.uuid4())
    common = {"handover_id": handover_id, "from_user_id": leaver, "from_username": "rep21",
              "to_user_id": heir, "to_username": "rep22", "by_user_id": admin,
              "reason": "离职", "leaver_manager_id": manager}
    await _deliver(sessions, "leads.handed_over",
                   leads_pb2.LeadsHandedOver(**common, count=4), handover_id)
    await _deliver(sessions, "pipeline.opportunities_handed_over",
                   pipeline_pb2.OpportunitiesHandedOver(**common, count=1), handover_id)
    for part, to, assignee in (("requester", heir, ""), ("assignee", "", "")):
        order = str(uuid.uuid4())
        ref = wo.WorkOrderRef(work_order_id=order, title="非标夹具评估", department="tech",
                              requester_id=to or "someone", assignee_id=assignee,
                              supervisor_id=supervisor, state="open")
        await _deliver(sessions, "workorders.handed_over", wo.WorkOrderHandedOver(
            **(common | {"to_user_id": to, "to_username": "rep22" if to else ""}),
            ref=ref, part=part), order)

    told = await _inbox(sessions, admin, heir, manager, supervisor)
    assert admin not in {user for user, _, _ in told}
    assert {(user, kind) for user, kind, _ in told} == {
        (heir, "leads_handed_over"), (manager, "leads_handed_over_manager"),
        (supervisor, "workorder_requester_changed"), (supervisor, "workorder_back_in_queue")}
