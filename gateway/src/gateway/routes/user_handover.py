"""A leaver's handover: `POST /api/v1/admin/users/{id}/handover` gives every open lead and
open deal of that person to one successor, in one step; their qualified leads go with
their deals to the same successor (disqualified ones stay the leaver's).

Who may: an admin, a director, or the leaver's manager (their reporting line, or a
manager of the leaver's region; a manager's handover moves the leads and deals of the
regions they manage). The successor: an active rep or manager of the leaver's region (a
manager counts when they manage it). Another region's successor is refused (422 naming
`to_user_id`) unless an admin or director says so with `"cross_region": true`: the
records keep their region, so that region's managers still see them.

The gateway asks leads (`HandOverLeads`), then pipeline (`HandOverOpportunities`), then
workorders (`HandOverWorkOrders`: the live orders the leaver requested get the successor
as requester; those they were assigned to go back to their department's queue, or to the
successor when of that department); each moves its records in its own transactions and
events. One of them down is 503 with Retry-After: what the others moved stays moved (the
detail says so when only the work orders are left; workorders timing out rather than
refusing may have moved them after all, so that detail calls their outcome unknown), and
the same request again moves what is left (what is already done counts 0), so the caller
simply retries. The successor gets one inbox item for the whole handover (its runs too):
notifications adds up the services' summaries under the handover's id, derived from
leaver and successor.

Leads through the rules instead (`"leads_to": "rules"`): the leaver's open leads go back
through the assignment rules, the leaver left out (each lead's reason says so and which
rule or team took it; first-contact clocks as above; they count toward the new owners'
day like any assignment), while the deals still go to `to_user_id`. Each new owner reads
one item for their leads, the leaver's manager one line for all of them (no successor
named: the rules chose); notifications counts per leaver and reader, so the deals'
successor who also got some of the leads reads one item with both counts.
A lead nobody else can take (no rep or manager of its region) stays with the leaver,
counted in `leads_unplaced`; the same request again tries it again.

An engineer (or anyone outside sales: finance, delivery…) leaving owns no leads or deals,
only work orders (handover_successor.py says why): `to_user_id` may be omitted, and the
orders they worked on go back to their departments' queues for the supervisors to hand
on, or name an active colleague of their department, who carries them on; either way
only workorders is asked (the answer counts 0 leads and deals). A director or an admin
leaving may also name a peer of their role (another active director; another admin),
whatever their department, who becomes the requester of the orders the leaver requested;
only workorders is asked too. A rep or manager as successor still works as before, all
three services asked (so leads or deals a director held move only to a seller).

The services check the successor themselves too (leads', pipeline's and workorders'
handover RPCs ask the org directory), so a service token or a bug cannot hand work to a
stopped, finance or unknown user.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import grpc
from fastapi import APIRouter, Header
from salesos.leads.v1 import leads_pb2
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.workorders.v1 import workorders_pb2 as wo_pb
from servicekit.auth import Principal

from gateway.adapters.orm import User
from gateway.deps import BearerToken, CurrentUser, ServiceClients, Session, Settings
from gateway.handover_schemas import HandoverRead, HandoverRequest
from gateway.handover_successor import SALES_ROLES, person, successor_of
from gateway.pipeline_client import Pipeline
from gateway.problems import Problem, unavailable
from gateway.routes import API_PREFIX
from gateway.workorders_client import WorkOrders, WorkOrdersClient

router = APIRouter(prefix=API_PREFIX, tags=["admin"])
# Every run of one leaver → successor handover shares this id (notifications' one item).
_NAMESPACE = uuid.UUID("5b7c1f0e-8f1d-4c57-9a57-2d1f3c0b9e11")
# Said to whoever may not hand this person over, before their role is looked at: it fits
# a rep (leads, deals) and an engineer (work orders) alike.
NOT_ALLOWED = "只有管理员、总监或其经理可以交接该人员名下的工作"
# The handover is idempotent by nature (a repeat moves what is left, 0 once done): the
# header is accepted, and needs no stored reply.
IdempotencyKey = Annotated[str | None, Header(max_length=200, description=(
    "accepted; a repeat of the handover moves nothing more"))]


def _may_hand_over(caller: Principal, leaver: User, regions: set[str]) -> bool:
    if caller.role in ("admin", "director"):
        return True
    return caller.role == "manager" and (
        str(leaver.manager_id or "") == caller.user_id or bool(regions & set(caller.region_ids)))


@router.post("/admin/users/{user_id}/handover", response_model=HandoverRead)
async def hand_over(user_id: uuid.UUID, body: HandoverRequest, user: CurrentUser,
                    token: BearerToken, session: Session, clients: ServiceClients,
                    pipeline: Pipeline, workorders: WorkOrders, settings: Settings,
                    idempotency_key: IdempotencyKey = None) -> HandoverRead:
    """Moves the leaver's open leads (assigned, contacted) and open deals (with their
    unsigned contracts) to `to_user_id` (the leads through the assignment rules instead with
    `"leads_to": "rules"`), and makes `to_user_id` the requester of the live work orders
    the leaver requested; the live orders the leaver was assigned to go back to their
    department's queue (to `to_user_id` when they are of that department). Closed leads,
    won/lost deals and closed or cancelled work orders stay the leaver's. A leaver outside
    sales (engineer, finance…) may have no `to_user_id` (their orders back to the queues)
    or a colleague of their department; only their work orders move.
    503 with Retry-After when leads, pipeline or workorders is down: retry the same
    request; what was moved stays moved and counts 0 the next time."""
    found = await person(session, user_id)
    if found is None:
        raise Problem(404, "not_found", detail="用户不存在")
    leaver, regions = found
    if not _may_hand_over(user, leaver, regions):
        raise Problem(403, "forbidden", detail=NOT_ALLOWED)
    successor = await successor_of(session, body, user, leaver, regions)
    to_id = str(successor.id) if successor else ""
    handover_id = str(uuid.uuid5(_NAMESPACE, f"{leaver.id}:{to_id}"))
    common = {"handover_id": handover_id, "from_user_id": str(leaver.id),
              "from_username": leaver.username, "to_user_id": to_id,
              "to_username": successor.username if successor else "", "reason": body.reason,
              "by_user_id": user.user_id,
              "leaver_manager_id": str(leaver.manager_id or "")}
    if successor is None or successor.role not in SALES_ROLES:  # no leads or deals to move
        orders = await _work_orders(workorders, common, token, settings.retry_after_seconds,
                                    moved=(0, 0), sales=False)
        return HandoverRead(handover_id=handover_id, leads=0, opportunities=0, contracts=0,
                            work_orders=orders.requested,
                            work_orders_requeued=orders.requeued,
                            work_orders_reassigned=orders.reassigned)
    by_rules = body.leads_to == "rules"
    # The rules' part is told under its own id: its manager line names no successor.
    leads_id = str(uuid.uuid5(_NAMESPACE, f"{leaver.id}:rules")) if by_rules else handover_id
    leads = await clients.call_leads("HandOverLeads", leads_pb2.HandOverLeadsRequest(
        **(common | {"handover_id": leads_id}), by_username=user.username,
        by_rules=by_rules), user_token=token)
    deals = await pipeline.call("HandOverOpportunities",
                                pb.HandOverOpportunitiesRequest(**common), user_token=token)
    orders = await _work_orders(workorders, common, token, settings.retry_after_seconds,
                                moved=(leads.moved, deals.moved))
    return HandoverRead(handover_id=handover_id, leads=leads.moved,
                        opportunities=deals.moved, contracts=deals.contracts,
                        qualified_leads=leads.qualified_moved, leads_unplaced=leads.unplaced,
                        work_orders=orders.requested, work_orders_requeued=orders.requeued,
                        work_orders_reassigned=orders.reassigned)


async def _work_orders(workorders: WorkOrdersClient, common: dict[str, Any], token: str,
                       retry_after: int, *, moved: tuple[int, int], sales: bool = True
                       ) -> wo_pb.HandOverWorkOrdersResponse:
    """Last of the three: down, the caller learns that the leads and deals did move and
    that the same request again completes the handover. Refused (UNAVAILABLE), nothing
    reached workorders, so the orders did not move; timed out, its one transaction may
    have committed after the deadline, so the detail says the orders' outcome is unknown
    (a retry finishes them, counting 0 for what had moved)."""
    try:
        return await workorders.call("HandOverWorkOrders",
                                     wo_pb.HandOverWorkOrdersRequest(**common), user_token=token)
    except grpc.aio.AioRpcError as error:
        if error.code() not in (grpc.StatusCode.UNAVAILABLE,
                                grpc.StatusCode.DEADLINE_EXCEEDED):
            raise
        done = f"本次已交接 {moved[0]} 条线索、{moved[1]} 个商机；" if sales else ""
        outcome = ("工单服务未能及时答复，工单是否已交接尚不确定" if
                   error.code() == grpc.StatusCode.DEADLINE_EXCEEDED
                   else "工单服务暂时不可用，工单未能交接")
        raise unavailable(retry_after, (
            f"{done}{outcome}。请稍后重试同一请求以完成交接"
            "（已交接的不会重复移交，重试时计为 0）")) from error


