"""A rep moved out of sales while still holding open leads or deals: the role change is
409 naming `role` with both counts, nothing changed, until they are handed over; a rep
with nothing open, or a move within sales, changes at once. (Leads and pipeline are
stand-ins behind a real gRPC server; the whole story: tests/e2e/test_people_admin.py.)"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import grpc
import httpx
import pytest
from gateway.clients import Clients
from gateway.main import create_app
from gateway.settings import GatewaySettings
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from salesos.pipeline.v1 import pipeline_pb2, pipeline_pb2_grpc
from servicekit.testing.grpc import grpc_serving

from .conftest import login
from .test_user_handover import USERS, user_id

pytestmark = pytest.mark.integration


@dataclass
class Holdings(leads_pb2_grpc.LeadServiceServicer, pipeline_pb2_grpc.PipelineServiceServicer):
    """Open leads per (owner, status) and open deals per owner, listed a page at a time."""

    leads: dict[tuple[str, str], int] = field(default_factory=dict)
    deals: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def _page(total: int, request: Any) -> tuple[int, str]:
        start = int(request.page_token or 0)
        size = min(total - start, request.page_size or 20)
        return size, str(start + size) if start + size < total else ""

    async def ListLeads(self, request: Any, context: Any) -> Any:
        size, token = self._page(self.leads.get((request.owner_id, request.status), 0), request)
        return leads_pb2.ListLeadsResponse(
            leads=[leads_pb2.Lead(owner_id=request.owner_id)] * size, next_page_token=token)

    async def ListOpportunities(self, request: Any, context: Any) -> Any:
        total = self.deals.get(request.owner_id, 0) if request.status == "open" else 0
        size, token = self._page(total, request)
        return pipeline_pb2.ListOpportunitiesResponse(
            opportunities=[pipeline_pb2.Opportunity()] * size, next_page_token=token)


@pytest.fixture
async def holdings(settings: GatewaySettings, monkeypatch: pytest.MonkeyPatch
                   ) -> AsyncIterator[tuple[Holdings, str]]:
    held = Holdings()

    def register(server: grpc.aio.Server) -> list[str]:
        leads_pb2_grpc.add_LeadServiceServicer_to_server(held, server)
        pipeline_pb2_grpc.add_PipelineServiceServicer_to_server(held, server)
        return []

    async with grpc_serving(settings, register) as addr:
        monkeypatch.setenv("SALESOS_PIPELINE_ADDR", addr)
        yield held, addr


@pytest.fixture
async def gateway(settings: GatewaySettings, gateway_sessions: Any, seeded: Any,
                  holdings: tuple[Holdings, str]) -> AsyncIterator[httpx.AsyncClient]:
    clients = Clients(leads_addr=holdings[1], notifications_addr=holdings[1], timeout=2.0,
                      jwt_secret=settings.jwt_secret.get_secret_value())
    app = create_app(settings, sessions=gateway_sessions, clients=clients)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://gateway") as client:
        yield client
    await clients.close()
    if getattr(app.state, "pipeline", None) is not None:
        await app.state.pipeline.close()


async def to_engineering(gateway: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, Any]:
    lead = (await gateway.get(f"{USERS}/{await user_id(gateway, 'eng-lead')}",
                              headers=admin)).json()
    return {"role": "engineer", "department_id": lead["department_id"],
            "manager_id": lead["id"], "region_id": None}


async def test_a_rep_holding_open_leads_and_deals_keeps_the_role_until_handed_over(
        gateway: httpx.AsyncClient, holdings: tuple[Holdings, str]) -> None:
    held = holdings[0]
    rep = await user_id(gateway, "rep01")
    admin = {"Authorization": f"Bearer {await login(gateway, 'admin')}"}
    held.leads = {(rep, "assigned"): 120, (rep, "contacted"): 3}  # more than one page
    held.deals = {rep: 2}
    change = await to_engineering(gateway, admin)
    before = (await gateway.get(f"{USERS}/{rep}", headers=admin)).json()

    refused = await gateway.patch(f"{USERS}/{rep}", json=change, headers=admin)

    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["field"] == "role"
    assert "123 条进行中的线索、2 个进行中的商机" in problem["detail"]
    assert "/handover" in problem["detail"]
    assert (await gateway.get(f"{USERS}/{rep}", headers=admin)).json() == before

    held.leads, held.deals = {}, {}  # handed over
    changed = await gateway.patch(f"{USERS}/{rep}", json=change, headers=admin)
    assert changed.status_code == 200 and changed.json()["role"] == "engineer", changed.text


async def test_only_deals_left_still_refuse_and_a_move_within_sales_is_not_asked(
        gateway: httpx.AsyncClient, holdings: tuple[Holdings, str]) -> None:
    held = holdings[0]
    rep = await user_id(gateway, "rep01")
    admin = {"Authorization": f"Bearer {await login(gateway, 'admin')}"}
    held.deals = {rep: 1}
    refused = await gateway.patch(f"{USERS}/{rep}", headers=admin,
                                  json=await to_engineering(gateway, admin))
    assert refused.status_code == 409 and "0 条进行中的线索、1 个进行中的商机" in \
        refused.json()["detail"]
    renamed = await gateway.patch(f"{USERS}/{rep}", json={"display_name": "周一"},
                                  headers=admin)
    assert renamed.status_code == 200, renamed.text
