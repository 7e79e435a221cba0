"""An admin retires a department merged into another: refused while people or live work
orders are still in it (both counted), then kept in the list and history as retired and
refused for new members and new work orders. The work-order service is a stand-in
behind a real gRPC server, so what the gateway asks it crosses the wire."""

import io
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from gateway.departments import list_departments
from gateway.main import create_app
from gateway.settings import GatewaySettings
from openpyxl import load_workbook
from salesos.workorders.v1 import workorders_pb2 as pb
from salesos.workorders.v1 import workorders_pb2_grpc
from servicekit.testing.grpc import grpc_serving

from .conftest import login

pytestmark = pytest.mark.integration
DEPARTMENTS = "/api/v1/admin/departments"


class StubWorkOrders(workorders_pb2_grpc.WorkOrderServiceServicer):
    def __init__(self) -> None:
        self.live: dict[tuple[str, str], int] = {}  # (department, state) -> orders
        self.asked: list[tuple[str, str]] = []
        self.created: list[str] = []  # the departments orders were opened in

    async def ListWorkOrders(self, request: Any, context: Any) -> pb.ListWorkOrdersResponse:
        self.asked.append((request.department, request.state))
        count = self.live.get((request.department, request.state), 0)
        return pb.ListWorkOrdersResponse(work_orders=[
            pb.WorkOrder(id=f"wo-{i}", department=request.department, state=request.state)
            for i in range(count)])

    async def CreateWorkOrder(self, request: Any, context: Any) -> pb.WorkOrder:
        self.created.append(request.department)
        return pb.WorkOrder(id="wo-new", department=request.department, state="open")


@pytest.fixture
async def orders(settings: GatewaySettings, monkeypatch: pytest.MonkeyPatch
                 ) -> AsyncIterator[StubWorkOrders]:
    stub = StubWorkOrders()

    def register(server: Any) -> list[str]:
        workorders_pb2_grpc.add_WorkOrderServiceServicer_to_server(stub, server)
        return ["salesos.workorders.v1.WorkOrderService"]

    async with grpc_serving(settings, register) as addr:
        monkeypatch.setenv("SALESOS_WORKORDERS_ADDR", addr)
        yield stub


@pytest.fixture
async def app_api(settings: GatewaySettings, gateway_sessions: Any, seeded: Any,
                  orders: StubWorkOrders) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, sessions=gateway_sessions)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://gateway") as client:
        yield client
    await app.state.clients.close()


async def _ids(api: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, str]:
    found = (await api.get("/api/v1/admin/users", params={"limit": 200},
                           headers=admin)).json()["items"]
    return {u["username"]: u["id"] for u in found}


async def test_a_merged_department_retires_once_its_people_and_orders_are_gone(
        app_api: httpx.AsyncClient, orders: StubWorkOrders, gateway_sessions: Any) -> None:
    api = app_api
    admin = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    ids = await _ids(api, admin)
    made = await api.post(DEPARTMENTS, headers=admin, json={"code": "quality", "name": "质量部"})
    hire = await api.post("/api/v1/admin/users", headers=admin, json={
        "username": "qa-wu", "display_name": "质检吴工", "role": "engineer",
        "department_id": made.json()["id"], "manager_id": ids["director"],
        "password": "Welcome-2026"})
    assert hire.status_code == 201, hire.text
    orders.live[("quality", "in_progress")] = 2

    refused = await api.post(f"{DEPARTMENTS}/quality/retire", headers=admin)
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert (problem["members"], problem["open_work_orders"]) == (1, 2)
    assert "1 名在职成员" in problem["detail"] and "2 张进行中的工单" in problem["detail"]
    assert {state for _, state in orders.asked} == {
        "open", "accepted", "in_progress", "delivered"}

    moved = await api.patch(f"/api/v1/admin/users/{hire.json()['id']}", headers=admin, json={
        "department_id": await _engineering(api, admin), "manager_id": ids["eng-lead"]})
    assert moved.status_code == 200, moved.text
    still = await api.post(f"{DEPARTMENTS}/quality/retire", headers=admin)
    assert (still.status_code, still.json()["members"], still.json()["field"]) == (
        409, 0, "open_work_orders")

    orders.live.clear()  # the last orders were delivered and closed
    retired = await api.post(f"{DEPARTMENTS}/quality/retire", headers=admin)
    assert retired.status_code == 200, retired.text
    assert (retired.json()["state"], retired.json()["name"]) == ("retired", "质量部")
    assert retired.json()["retired_at"].endswith("+08:00")
    again = await api.post(f"{DEPARTMENTS}/quality/retire", headers=admin)
    assert (again.status_code, again.json()["retired_at"]) == (200, retired.json()["retired_at"])

    async with gateway_sessions() as session:  # history still names it
        assert "quality" in {d.code for d in (await list_departments(session)).departments}


async def _engineering(api: httpx.AsyncClient, admin: dict[str, str]) -> str:
    listed = (await api.get(DEPARTMENTS, headers=admin)).json()["items"]
    return str(next(d["id"] for d in listed if d["code"] == "engineering"))


async def test_a_retired_department_is_listed_as_such_and_takes_no_one_new(
        app_api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    api = app_api
    admin = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    ids = await _ids(api, admin)
    made = (await api.post(DEPARTMENTS, headers=admin,
                           json={"code": "old_qc", "name": "老质检科"})).json()
    engineering = await api.post(f"{DEPARTMENTS}/engineering/retire", headers=admin)
    assert (engineering.status_code, engineering.json()["field"]) == (409, "code")
    assert "自动工单" in engineering.json()["detail"]
    assert (await api.post(f"{DEPARTMENTS}/old_qc/retire", headers=admin)).status_code == 200
    async with gateway_sessions() as session:  # what the services' directory reads say
        told = {d.code: d.retired for d in (await list_departments(session)).departments}
    assert told["old_qc"] and not told["engineering"]

    retired = (await api.get(DEPARTMENTS, params={"state": "retired"},
                             headers=admin)).json()["items"]
    active = (await api.get(DEPARTMENTS, params={"state": "active"},
                            headers=admin)).json()["items"]
    assert [d["code"] for d in retired] == ["old_qc"]
    assert "old_qc" not in {d["code"] for d in active} and "engineering" in {
        d["code"] for d in active}
    assert (await api.get(DEPARTMENTS, params={"state": "gone"},
                          headers=admin)).status_code == 422
    sheet = await api.get(f"{DEPARTMENTS}/export.xlsx", headers=admin)
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[0][5] == "状态"
    assert {r[0]: r[5] for r in rows[1:]}["old_qc"] == "已撤销"

    hire = await api.post("/api/v1/admin/users", headers=admin, json={
        "username": "qc-new", "display_name": "新人", "role": "engineer",
        "department_id": made["id"], "manager_id": ids["director"], "password": "Welcome-2026"})
    assert (hire.status_code, hire.json()["field"]) == (422, "department_id")
    assert "已撤销" in hire.json()["errors"][0]["message"]
    moved = await api.patch(f"/api/v1/admin/users/{ids['eng1']}", headers=admin,
                            json={"department_id": made["id"]})
    assert (moved.status_code, moved.json()["field"]) == (422, "department_id")

    rep = {"Authorization": f"Bearer {await login(api, 'rep01')}"}
    order = await api.post("/api/v1/workorders", headers=rep, json={
        "need": "抽检报告", "acceptance_standard": "附报告", "department": "old_qc",
        "due_at": "2030-01-01T10:00:00+08:00"})
    assert (order.status_code, order.json()["field"]) == (422, "department"), order.text
    engineering = await api.post(f"{DEPARTMENTS}/engineering/retire", headers=admin)
    assert (engineering.status_code, engineering.json()["field"]) == (409, "code")
    assert "自动工单" in engineering.json()["detail"]
    assert (await api.post(f"{DEPARTMENTS}/old_qc/retire",
                           headers=login_headers(await login(api, "director")))
            ).status_code == 403


def login_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_retired_departments_name_may_be_taken_by_a_new_one(
        app_api: httpx.AsyncClient) -> None:
    """技术部 reorganised: the old one retired (its history keeps the name), a new
    department may be called 技术部 again — only active departments' names are unique."""
    api = app_api
    admin = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    made = await api.post(DEPARTMENTS, headers=admin, json={"code": "audit", "name": "审计部"})
    assert made.status_code == 201, made.text
    taken = await api.post(DEPARTMENTS, headers=admin,
                           json={"code": "audit_new", "name": "审计部"})
    assert (taken.status_code, taken.json()["field"]) == (409, "name"), taken.text
    retired = await api.post(f"{DEPARTMENTS}/audit/retire", headers=admin)
    assert retired.status_code == 200, retired.text
    again = await api.post(DEPARTMENTS, headers=admin,
                           json={"code": "audit_new", "name": "审计部"})
    assert again.status_code == 201, again.text


async def test_a_department_made_a_sales_one_takes_no_new_order_from_that_moment(
        app_api: httpx.AsyncClient, orders: StubWorkOrders) -> None:
    """The work-order service learns a department's kind through its 5 s directory cache;
    the gateway refuses at once, as it does a retired one, naming the department."""
    api = app_api
    admin = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    rep = {"Authorization": f"Bearer {await login(api, 'rep01')}"}
    made = await api.post(DEPARTMENTS, headers=admin, json={"code": "south_sales",
                                                            "name": "华南 销售部"})
    assert made.status_code == 201, made.text
    order = {"need": "样机", "acceptance_standard": "到货", "department": "south_sales",
             "due_at": "2030-01-01T10:00:00+08:00"}
    await api.post("/api/v1/workorders", headers=rep, json=order)
    assert orders.created == ["south_sales"]  # a functional department: passed on

    kind = await api.patch(f"{DEPARTMENTS}/south_sales", headers=admin, json={"kind": "sales"})
    assert kind.status_code == 200, kind.text
    refused = await api.post("/api/v1/workorders", headers=rep, json=order)
    assert (refused.status_code, refused.json()["field"]) == (422, "department"), refused.text
    assert "「华南 销售部」是销售部门" in refused.json()["errors"][0]["message"]
    assert orders.created == ["south_sales"]  # never reached the work-order service
