"""A leaver's handover reaches their work orders too: after the leads and the deals the
gateway asks workorders' HandOverWorkOrders for the same handover, and says how many
orders changed hands. With workorders down the admin reads 503 + Retry-After saying what
did move, and the same request again completes it. An engineer leaving holds no leads or
deals: only workorders is asked, with no successor (their orders back to the queue) or a
colleague of their department. (The services are stand-ins behind a
real gRPC server here; the moves themselves: services/*/tests and tests/e2e.)"""

from __future__ import annotations

import asyncio
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
from salesos.workorders.v1 import workorders_pb2, workorders_pb2_grpc
from servicekit.testing.grpc import grpc_serving

from .conftest import login
from .test_user_handover import USERS, user_id

pytestmark = pytest.mark.integration


@dataclass
class Services(leads_pb2_grpc.LeadServiceServicer, pipeline_pb2_grpc.PipelineServiceServicer,
               workorders_pb2_grpc.WorkOrderServiceServicer):
    """Leads and pipeline move what they still hold (2 leads, 1 deal, then nothing), and
    workorders likewise (3 requested, 1 requeued); workorders answers UNAVAILABLE while
    `down`, and while `slow` moves the orders but answers after the gateway's deadline."""

    down: bool = False
    slow: bool = False
    leads_left: int = 2
    deals_left: int = 1
    orders_left: int = 3
    asked: list[workorders_pb2.HandOverWorkOrdersRequest] = field(default_factory=list)
    sales_asked: list[str] = field(default_factory=list)

    async def HandOverLeads(self, request: Any, context: Any) -> Any:
        self.sales_asked.append("leads")
        moved, self.leads_left = self.leads_left, 0
        return leads_pb2.HandOverLeadsResponse(moved=moved)

    async def HandOverOpportunities(self, request: Any, context: Any) -> Any:
        self.sales_asked.append("pipeline")
        moved, self.deals_left = self.deals_left, 0
        return pipeline_pb2.HandOverOpportunitiesResponse(moved=moved)

    async def HandOverWorkOrders(self, request: Any, context: Any) -> Any:
        if self.down:
            await context.abort(grpc.StatusCode.UNAVAILABLE, "workorders is restarting")
        self.asked.append(request)
        moved, self.orders_left = self.orders_left, 0
        if self.slow:  # committed, but the answer comes too late (the tests' deadline: 1 s)
            await asyncio.sleep(1.5)
        return workorders_pb2.HandOverWorkOrdersResponse(requested=moved,
                                                         requeued=1 if moved else 0)


@pytest.fixture
async def stand_ins(settings: GatewaySettings, monkeypatch: pytest.MonkeyPatch
                    ) -> AsyncIterator[tuple[Services, str]]:
    services = Services()

    def register(server: grpc.aio.Server) -> list[str]:
        leads_pb2_grpc.add_LeadServiceServicer_to_server(services, server)
        pipeline_pb2_grpc.add_PipelineServiceServicer_to_server(services, server)
        workorders_pb2_grpc.add_WorkOrderServiceServicer_to_server(services, server)
        return []

    async with grpc_serving(settings, register) as addr:
        for service in ("pipeline", "workorders"):
            monkeypatch.setenv(f"SALESOS_{service.upper()}_ADDR", addr)
        yield services, addr


@pytest.fixture
async def gateway(settings: GatewaySettings, gateway_sessions: Any, seeded: Any,
                  stand_ins: tuple[Services, str]) -> AsyncIterator[httpx.AsyncClient]:
    clients = Clients(leads_addr=stand_ins[1], notifications_addr=stand_ins[1], timeout=2.0,
                      jwt_secret=settings.jwt_secret.get_secret_value())
    app = create_app(settings, sessions=gateway_sessions, clients=clients)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://gateway") as client:
        yield client
    await clients.close()
    for service in ("pipeline", "workorders"):  # made on first use
        if getattr(app.state, service, None) is not None:
            await getattr(app.state, service).close()


async def test_the_handover_moves_the_leavers_work_orders_after_their_leads_and_deals(
        gateway: httpx.AsyncClient, stand_ins: tuple[Services, str]) -> None:
    leaver, heir = await user_id(gateway, "rep01"), await user_id(gateway, "rep02")
    admin = {"Authorization": f"Bearer {await login(gateway, 'admin')}"}

    done = await gateway.post(f"{USERS}/{leaver}/handover", headers=admin,
                              json={"to_user_id": heir, "reason": "离职"})

    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["leads"], body["opportunities"], body["work_orders"],
            body["work_orders_requeued"], body["work_orders_reassigned"]) == (2, 1, 3, 1, 0)
    [asked] = stand_ins[0].asked
    assert (asked.handover_id, asked.from_user_id, asked.to_user_id, asked.reason) == (
        body["handover_id"], leaver, heir, "离职")
    assert asked.from_username == "rep01" and asked.to_username == "rep02"


async def test_with_workorders_down_the_admin_is_told_what_moved_and_a_retry_completes_it(
        gateway: httpx.AsyncClient, stand_ins: tuple[Services, str]) -> None:
    services = stand_ins[0]
    leaver, heir = await user_id(gateway, "rep01"), await user_id(gateway, "rep02")
    admin = {"Authorization": f"Bearer {await login(gateway, 'admin')}"}
    handover = f"{USERS}/{leaver}/handover"
    services.down = True

    down = await gateway.post(handover, headers=admin, json={"to_user_id": heir})

    assert down.status_code == 503, down.text
    assert int(down.headers["Retry-After"]) > 0
    assert down.headers["content-type"].startswith("application/problem+json")
    assert "已交接 2 条线索、1 个商机" in down.json()["detail"]
    assert "重试同一请求" in down.json()["detail"]

    services.down = False
    again = await gateway.post(handover, headers=admin, json={"to_user_id": heir})
    assert again.status_code == 200, again.text
    assert (again.json()["leads"], again.json()["opportunities"],
            again.json()["work_orders"]) == (0, 0, 3)
    assert [a.handover_id for a in services.asked] == [again.json()["handover_id"]]


async def test_workorders_timing_out_says_the_orders_outcome_is_unknown_and_a_retry_ends_it(
        gateway: httpx.AsyncClient, stand_ins: tuple[Services, str]) -> None:
    """A timeout is not a refusal: the orders may have moved after the gateway gave up, so
    the 503 must not claim they did not; the retry finishes and counts 0 for them."""
    services = stand_ins[0]
    leaver, heir = await user_id(gateway, "rep01"), await user_id(gateway, "rep02")
    admin = {"Authorization": f"Bearer {await login(gateway, 'admin')}"}
    handover = f"{USERS}/{leaver}/handover"
    services.slow = True

    late = await gateway.post(handover, headers=admin, json={"to_user_id": heir})

    assert late.status_code == 503, late.text
    assert int(late.headers["Retry-After"]) > 0
    detail = late.json()["detail"]
    assert "已交接 2 条线索、1 个商机" in detail
    assert "工单是否已交接尚不确定" in detail and "未能交接" not in detail
    assert "重试同一请求" in detail

    services.slow = False
    again = await gateway.post(handover, headers=admin, json={"to_user_id": heir})
    assert again.status_code == 200, again.text
    assert (again.json()["leads"], again.json()["opportunities"],
            again.json()["work_orders"]) == (0, 0, 0)


async def test_an_engineer_leaves_without_a_successor_and_only_workorders_is_asked(
        gateway: httpx.AsyncClient, stand_ins: tuple[Services, str]) -> None:
    services = stand_ins[0]
    leaver = await user_id(gateway, "eng1")
    admin = {"Authorization": f"Bearer {await login(gateway, 'admin')}"}

    done = await gateway.post(f"{USERS}/{leaver}/handover", headers=admin,
                              json={"reason": "离职"})

    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["leads"], body["opportunities"], body["work_orders_requeued"]) == (0, 0, 1)
    assert services.sales_asked == []  # leads and pipeline hold nothing of an engineer
    [asked] = services.asked
    assert (asked.from_user_id, asked.to_user_id, asked.to_username) == (leaver, "", "")


async def test_an_engineers_colleague_may_carry_their_orders_on_but_not_another_department(
        gateway: httpx.AsyncClient, stand_ins: tuple[Services, str]) -> None:
    services = stand_ins[0]
    leaver, colleague = await user_id(gateway, "eng1"), await user_id(gateway, "eng2")
    admin = {"Authorization": f"Bearer {await login(gateway, 'admin')}"}
    handover = f"{USERS}/{leaver}/handover"
    for outsider in ("finance", "dlv1", "eng1"):  # another department, or the leaver
        refused = await gateway.post(handover, headers=admin,
                                     json={"to_user_id": await user_id(gateway, outsider)})
        assert refused.status_code == 422, (outsider, refused.text)
        assert refused.json()["field"] == "to_user_id"
    assert services.asked == []

    done = await gateway.post(handover, headers=admin, json={"to_user_id": colleague})

    assert done.status_code == 200, done.text
    assert services.sales_asked == []
    assert [(a.to_user_id, a.to_username) for a in services.asked] == [(colleague, "eng2")]


async def test_a_director_or_admin_leaving_may_name_a_peer_of_their_role(
        gateway: httpx.AsyncClient, stand_ins: tuple[Services, str]) -> None:
    """Hired without a department, so no colleague rule lets the peer through: the orders
    they requested go to another director (admin), and only workorders is asked."""
    services = stand_ins[0]
    admin = {"Authorization": f"Bearer {await login(gateway, 'admin')}"}
    for role, peer, outsider in (("director", "gm", "admin"), ("admin", "admin", "gm")):
        hired = await gateway.post(USERS, headers=admin, json={
            "username": f"leaving-{role}", "display_name": "离任者", "role": role,
            "password": "Welcome2026!"})
        assert hired.status_code == 201, hired.text
        handover = f"{USERS}/{hired.json()['id']}/handover"
        refused = await gateway.post(handover, headers=admin,
                                     json={"to_user_id": await user_id(gateway, outsider)})
        assert refused.status_code == 422, (role, refused.text)
        assert refused.json()["field"] == "to_user_id"

        done = await gateway.post(handover, headers=admin,
                                  json={"to_user_id": await user_id(gateway, peer)})

        assert done.status_code == 200, (role, done.text)
        assert (done.json()["work_orders"], done.json()["leads"]) == (3, 0)
        assert services.asked[-1].to_username == peer
        services.orders_left = 3
    assert services.sales_asked == []


async def test_a_rep_leaving_still_needs_a_sales_successor(
        gateway: httpx.AsyncClient, stand_ins: tuple[Services, str]) -> None:
    leaver = await user_id(gateway, "rep01")
    admin = {"Authorization": f"Bearer {await login(gateway, 'admin')}"}
    for body in ({}, {"to_user_id": None}, {"to_user_id": await user_id(gateway, "eng1")}):
        refused = await gateway.post(f"{USERS}/{leaver}/handover", headers=admin, json=body)
        assert refused.status_code == 422, (body, refused.text)
        assert refused.json()["field"] == "to_user_id"
    assert (stand_ins[0].sales_asked, stand_ins[0].asked) == ([], [])


async def test_with_workorders_down_an_engineers_handover_says_only_that(
        gateway: httpx.AsyncClient, stand_ins: tuple[Services, str]) -> None:
    stand_ins[0].down = True
    leaver = await user_id(gateway, "eng1")
    admin = {"Authorization": f"Bearer {await login(gateway, 'admin')}"}

    down = await gateway.post(f"{USERS}/{leaver}/handover", headers=admin, json={})

    assert down.status_code == 503, down.text
    assert int(down.headers["Retry-After"]) > 0
    assert down.json()["detail"].startswith("工单服务暂时不可用")


async def test_someone_who_may_not_hand_an_engineer_over_is_not_told_of_leads_and_deals(
        gateway: httpx.AsyncClient, stand_ins: tuple[Services, str]) -> None:
    """An engineer holds work orders, not leads or deals: the refusal fits every leaver."""
    leaver = await user_id(gateway, "eng1")
    rep = {"Authorization": f"Bearer {await login(gateway, 'rep01')}"}

    refused = await gateway.post(f"{USERS}/{leaver}/handover", headers=rep, json={})

    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"] == "只有管理员、总监或其经理可以交接该人员名下的工作"
    assert (stand_ins[0].sales_asked, stand_ins[0].asked) == ([], [])
