"""What only sales may hold, still held by one person: their open leads (assigned or
contacted, as leads' handover counts them) and open deals.

A role change away from rep or manager (routes/admin_users.py) is refused while any
remain: leads and pipeline give those only to reps and managers, so an engineer or a
director left holding them had work nobody on the sales side saw move. The admin hands
them over first (`POST /api/v1/admin/users/{id}/handover`, which works on an active rep
too), then changes the role. Deactivation is not refused: a leaver is often stopped
before anyone knows who succeeds them, and a stopped account gets no new leads, while the
handover route still moves what they held (see gateway/README.md).
"""

from __future__ import annotations

from salesos.leads.v1 import leads_pb2
from salesos.pipeline.v1 import pipeline_pb2 as pb

from gateway.clients import Clients
from gateway.handover_successor import SALES_ROLES
from gateway.pipeline_client import PipelineClient
from gateway.problems import Problem

OPEN_LEADS = ("assigned", "contacted")
PAGE = 100  # the most either list answers at once


async def open_leads(clients: Clients, *, owner_id: str, token: str) -> int:
    count = 0
    for status in OPEN_LEADS:
        cursor = None
        while cursor != "":
            page = await clients.list_leads(leads_pb2.ListLeadsRequest(
                owner_id=owner_id, status=status, page_size=PAGE, page_token=cursor or ""),
                user_token=token)
            count, cursor = count + len(page.leads), page.next_page_token
    return count


async def open_deals(pipeline: PipelineClient, *, owner_id: str, token: str) -> int:
    count, cursor = 0, None
    while cursor != "":
        page = await pipeline.call("ListOpportunities", pb.ListOpportunitiesRequest(
            owner_id=owner_id, status="open", page_size=PAGE, page_token=cursor or ""),
            user_token=token)
        count, cursor = count + len(page.opportunities), page.next_page_token
    return count


async def refuse_leaving_sales_with_open_work(
        clients: Clients, pipeline: PipelineClient, *, user_id: str, before: str, after: str,
        token: str) -> None:
    """409 naming `role` while a rep or manager moved out of sales holds open work; a
    service down answers 503 (the global gRPC mapping), and nothing changes."""
    if before not in SALES_ROLES or after in SALES_ROLES:
        return
    leads = await open_leads(clients, owner_id=user_id, token=token)
    deals = await open_deals(pipeline, owner_id=user_id, token=token)
    if leads or deals:
        raise Problem(409, "conflict", field="role", detail=(
            f"该用户仍有 {leads} 条进行中的线索、{deals} 个进行中的商机，只有销售或经理可以"
            "持有：请先交接（POST /api/v1/admin/users/{id}/handover 指定接手人），再更改角色"))
