"""Opening work orders: by hand (any department) or from pipeline.stage_changed."""

from __future__ import annotations

from datetime import timedelta

from salesos.events.v1 import pipeline_pb2 as pipeline_events
from servicekit.errors import FieldError
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.ids import is_uuid
from servicekit.uow import UnitOfWork
from sqlalchemy import func, select
from uuid6 import uuid7

from workorders.adapters import chains_repo, deadlines_repo, repository
from workorders.adapters.org import Department
from workorders.domain import chain, creation, events
from workorders.domain.access import Actor
from workorders.domain.creation import NewOrder
from workorders.domain.model import WorkOrder
from workorders.service_layer import departments, messages
from workorders.service_layer.deps import SOURCE, Deps
from workorders.service_layer.errors import domain_errors

AUTO_DEPARTMENT = "engineering"  # 技术部 takes non-standard support requests
SOLUTION_DESIGN = "solution_design"


async def create(new: NewOrder, actor: Actor, key: str, deps: Deps) -> str:
    """The new order's id; the same Idempotency-Key (per person) returns the first one."""
    with domain_errors():
        new = creation.checked(new, now=deps.clock())
    if new.opportunity_id and not is_uuid(new.opportunity_id):
        raise FieldError("opportunity_id", "商机 ID 格式无效")
    dept = await departments.known(new.department, deps)
    departments.takes_orders(dept)
    if dept.retired:  # the gateway refuses it too; this holds for any gRPC caller
        raise FieldError("department", f"部门 {dept.code} 已撤销，不再接收新工单")
    if new.assignee_id:
        person = await deps.org.person(new.assignee_id)
        if person is None or not person.active or person.department_id != dept.id:
            raise FieldError("assignee_id", "处理人必须是目标部门的在职人员")
    requester = await deps.org.person(actor.user_id)
    if dept.id in (requester.department_id if requester else "", actor.department_id):
        # A work order asks another department; its members all read its queue, so a
        # request to one's own department (销售部: every rep of every region) would be
        # read company-wide.
        raise FieldError("department", "工单用于跨部门协作，不能提交给本部门")
    region = (requester.region_id if requester else "") or next(iter(actor.region_ids), "")
    director = await deps.org.director_id(dept.supervisor_id)
    # Not the due time: a client that computes "in three days" again on each retry
    # sends the same request with another instant.
    asked = fingerprint(new.title, new.need, new.acceptance_standard, new.department,
                        new.assignee_id, new.opportunity_id)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        if found := await keyed(uow, actor, key, asked):
            return found
        order_id = await open_order(uow, deps, new, dept, requester_id=actor.user_id,
                               manager_id=requester.manager_id if requester else "",
                               region_id=region, director_id=director, automatic=False,
                               key=key or None, asked=asked)
        await uow.commit()
    return order_id


async def keyed(uow: UnitOfWork, actor: Actor, key: str, asked: str) -> str | None:
    """The order this person's Idempotency-Key already opened (a create or a follow-up:
    one key space), refused if it asked for something else; None for a new key. A
    concurrent retry waits here on the key's lock, then finds the first call's order."""
    if not key:
        return None
    await uow.session.execute(select(func.pg_advisory_xact_lock(
        func.hashtext(f"wo:{actor.user_id}:{key}"))))
    found = await repository.by_key(uow.session, created_by=actor.user_id, key=key)
    if found is None:
        return None
    check_same_request(stored=found[1], arriving=asked)
    return found[0]


async def open_from_stage_change(uow: UnitOfWork, change: pipeline_events.StageChanged,
                                 deps: Deps) -> str | None:
    """A deal entering 方案设计 with a non-standard request opens one 技术部 order (none
    while an earlier automatic order of the deal is still live)."""
    if change.to_stage != SOLUTION_DESIGN or not change.nonstandard_support:
        return None
    if await repository.live_automatic(uow.session, opportunity_id=change.opportunity_id):
        return None
    dept = (await deps.org.departments()).get(AUTO_DEPARTMENT)
    if dept is None:
        raise LookupError("the org directory has no engineering department")
    owner = await deps.org.person(change.owner_id)
    now = deps.clock()
    worktime = await deps.worktime(uow.session, now)
    need = change.nonstandard_request.strip() or "非标方案技术支持"
    title = f"{change.account_name or change.title or '商机'} 非标支持"[:200]
    new = NewOrder(title=title, need=need,
                   acceptance_standard="技术方案与非标图纸经销售确认可用于报价",
                   department=AUTO_DEPARTMENT, opportunity_id=change.opportunity_id,
                   due_at=worktime.later(now, timedelta(hours=deps.auto_due_hours)))
    director = await deps.org.director_id(dept.supervisor_id)
    return await open_order(uow, deps, new, dept, requester_id=change.owner_id,
                       manager_id=owner.manager_id if owner else "",
                       region_id=change.region_id, director_id=director, automatic=True,
                       key=None)


async def open_order(uow: UnitOfWork, deps: Deps, new: NewOrder, dept: Department, *,
                requester_id: str, manager_id: str, region_id: str, director_id: str,
                automatic: bool, key: str | None, asked: str | None = None,
                origin: events.Origin | None = None) -> str:
    now = deps.clock()
    rules, _, _ = await chains_repo.get(uow.session, dept.code)
    assert new.due_at is not None
    worktime = await deps.worktime(uow.session, now, new.due_at)
    step = timedelta(minutes=deps.demo_minutes) if deps.demo_minutes else None
    respond_by = now + step if step else \
        worktime.later(now, timedelta(hours=rules.response_hours))
    order = WorkOrder(
        id=str(uuid7()), title=new.title, need=new.need,
        acceptance_standard=new.acceptance_standard, department=dept.code,
        department_id=dept.id, department_name=dept.name, requester_id=requester_id,
        created_at=now, due_at=new.due_at, respond_by=respond_by,
        supervisor_id=dept.supervisor_id, requester_manager_id=manager_id,
        director_id=director_id, assignee_id=new.assignee_id,
        opportunity_id=new.opportunity_id, region_id=region_id, automatic=automatic,
        follow_up_of=origin.work_order_id if origin else "")
    order.events.append(events.Created(now, origin))
    await repository.add(uow.session, order, created_by=requester_id, idempotency_key=key,
                         request_hash=asked if key else None)
    await deadlines_repo.add(uow.session, order.id, chain.plan(
        rules, created_at=now, respond_by=respond_by, due_at=new.due_at,
        later=worktime.later, workday_before=worktime.workday_before, step=step))
    worktime.report(f"work order {order.id}")
    messages.publish(uow, order)
    return order.id

