"""Finance and supervisors open the exports in Excel: the people and regions in them are
names from the org directory (孙工, 华东区), not user ids; looked up once per export."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from gateway.adapters.orm import Region, User
from gateway.main import create_app
from gateway.settings import GatewaySettings
from google.protobuf.message import Message
from openpyxl import load_workbook
from salesos.incentives.v1 import incentives_pb2
from salesos.notifications.v1 import notifications_pb2
from salesos.pipeline.v1 import contracts_pb2, pipeline_pb2, quotes_pb2
from salesos.workorders.v1 import workorders_pb2
from servicekit.auth import Principal, issue_token
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from gateway import (
    contracts_client,
    deps,
    incentives_client,
    pipeline_client,
    quotes_client,
    workorders_client,
)

pytestmark = pytest.mark.integration
PAGE = 100
FINANCE = Principal("0190a000-0000-7000-8000-000000000009", "finance", "finance")


class Service:
    """The service's client, answering `answer(method, request)`."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer

    async def call(self, method: str, request: Message, *, user_token: str) -> Any:
        return self.answer(method, request)

    async def call_notifications(self, method: str, request: Message, *,
                                 user_token: str) -> Any:
        return self.answer(method, request)


@contextmanager
def queries() -> Iterator[list[str]]:
    seen: list[str] = []

    def count(state: Any) -> None:
        # the gateway's own reads only: other services' apps may run in this test process
        # (not the token check's read of the cut-offs: once per replica per interval,
        # whatever the requests, token_check.py)
        statement = str(state.statement)
        if any(m.class_.__module__.startswith("gateway.") for m in state.all_mappers) \
                and "tokens_valid_after" not in statement:
            seen.append(statement)

    event.listen(Session, "do_orm_execute", count)
    try:
        yield seen
    finally:
        event.remove(Session, "do_orm_execute", count)


def _sheet(answer: httpx.Response) -> list[tuple[Any, ...]]:
    assert answer.status_code == 200, answer.text
    return list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))


async def _get(settings: GatewaySettings, sessions: Any, dependency: Any, answer: Any,
               path: str, user: Principal = FINANCE) -> httpx.Response:
    """`path` as `user` asks for it, the service behind `dependency` answering `answer`."""
    app = create_app(settings, sessions=sessions)
    app.dependency_overrides[dependency] = lambda: Service(answer)
    token = issue_token(user, settings.jwt_secret.get_secret_value())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://gateway") as client:
        response = await client.get(path, headers={"Authorization": f"Bearer {token}"})
    await app.state.clients.close()
    return response


async def _export(settings: GatewaySettings, sessions: Any, dependency: Any, answer: Any,
                  path: str) -> list[tuple[Any, ...]]:
    return _sheet(await _get(settings, sessions, dependency, answer, path))


async def test_work_order_export_names_requester_and_assignee(
        settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    async with gateway_sessions() as session:
        people = {u.username: u for u in await session.scalars(select(User))}
    rep, engineer = people["rep01"], people["eng1"]

    def pages(method: str, request: Message) -> Any:
        assert isinstance(request, workorders_pb2.ListWorkOrdersRequest)
        start = int(request.page_token or 0)  # three pages: names must not be per page
        orders = [workorders_pb2.WorkOrder(id=f"w{n}", title=f"图纸{n}", state="open",
                                           requester_id=str(rep.id),
                                           assignee_id=str(engineer.id) if n % 2 else "")
                  for n in range(start, start + PAGE)]
        return workorders_pb2.ListWorkOrdersResponse(
            work_orders=orders, next_page_token=str(start + PAGE) if start < 2 * PAGE else "")

    with queries() as seen:
        rows = await _export(settings, gateway_sessions, workorders_client._workorders, pages,
                             "/api/v1/workorders/export.xlsx")
    header, first, second = rows[0], rows[1], rows[2]
    requester, assignee = header.index("发起人"), header.index("处理人")
    assert len(rows) == 1 + 3 * PAGE
    assert (first[requester], first[assignee]) == (rep.display_name, None)
    assert (second[requester], second[assignee]) == (rep.display_name, engineer.display_name)
    assert len(seen) == 1  # one directory read for the whole export


async def test_payout_export_names_the_region(
        settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    async with gateway_sessions() as session:
        region = (await session.scalars(select(Region).order_by(Region.code))).first()
    assert region is not None

    def payouts(method: str, request: Message) -> Any:
        return incentives_pb2.ListPayoutsResponse(payouts=[incentives_pb2.Payout(
            user_id="u1", display_name="张三", region_id=str(region.id), period="2026-11",
            scheme="A", amount_fen=123456)])

    rows = await _export(settings, gateway_sessions, incentives_client._incentives, payouts,
                         "/api/v1/payouts/export.xlsx")
    assert rows[1][rows[0].index("区域")] == region.name


async def test_deal_export_pages_the_whole_list_with_owner_and_region_names(
        settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    async with gateway_sessions() as session:
        rep = (await session.scalars(select(User).where(User.username == "rep01"))).one()
        region = (await session.scalars(select(Region).order_by(Region.code))).first()
    assert region is not None
    asked: list[pipeline_pb2.ListOpportunitiesRequest] = []

    def pages(method: str, request: Message) -> Any:
        assert method == "ListOpportunities"
        asked.append(pipeline_pb2.ListOpportunitiesRequest(stage=request.stage,
                                                           status=request.status))
        start = int(request.page_token or 0)
        deals = [pipeline_pb2.Opportunity(
            id=f"o{n}", title=f"数控机床{n}", amount_fen=12_345_678, stage="solution_design",
            stage_label="方案设计", status="open", owner_id=str(rep.id), owner_username="rep01",
            region_id=str(region.id), contract_status="pending_approval",
            account=pipeline_pb2.Account(name="苏州精密机械", province="江苏"))
            for n in range(start, start + PAGE)]
        deals[0].created_at.FromJsonString("2026-11-26T16:30:00Z")
        return pipeline_pb2.ListOpportunitiesResponse(
            opportunities=deals, next_page_token=str(start + PAGE) if start < 2 * PAGE else "")

    with queries() as seen:
        rows = await _export(settings, gateway_sessions, pipeline_client._pipeline, pages,
                             "/api/v1/opportunities/export.xlsx?stage=solution_design"
                             "&status=open")
    header, first = rows[0], rows[1]
    assert len(rows) == 1 + 3 * PAGE  # every page, not the first 100
    assert all((r.stage, r.status) == ("solution_design", "open") for r in asked)
    assert first[header.index("负责人")] == rep.display_name
    assert first[header.index("区域")] == region.name
    assert first[header.index("金额(元)")] == 123456.78
    assert first[header.index("阶段")] == "方案设计"
    assert first[header.index("合同状态")] == "审批中"
    assert str(first[header.index("创建时间")]) == "2026-11-27 00:30:00"  # Shanghai
    assert len(seen) == 2  # one directory read for people, one for regions



async def test_contract_export_names_the_current_approver_owner_and_region(
        settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    async with gateway_sessions() as session:
        people = {u.username: u for u in await session.scalars(select(User))}
        region = (await session.scalars(select(Region).order_by(Region.code))).first()
    assert region is not None
    rep, director = people["rep01"], people["director"]

    def contracts(method: str, request: Message) -> Any:
        return contracts_pb2.ListContractsResponse(contracts=[contracts_pb2.Contract(
            id="c1", status="pending_approval", status_label="审批中", account_name="苏州精密机械",
            owner_id=str(rep.id), region_id=str(region.id),
            approval=[contracts_pb2.ApprovalStep(position=1, label="区域总监",
                                                 approver_id=str(director.id),
                                                 status="pending")])])

    rows = await _export(settings, gateway_sessions, contracts_client._contracts, contracts,
                         "/api/v1/contracts/export.xlsx")
    header, first = rows[0], rows[1]
    assert first[header.index("当前审批人")] == f"区域总监 {director.display_name}"
    assert first[header.index("销售")] == rep.display_name
    assert first[header.index("区域")] == region.name


async def test_score_and_reward_exports_name_the_region_and_the_person(
        settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    async with gateway_sessions() as session:
        rep = (await session.scalars(select(User).where(User.username == "rep01"))).one()
        region = (await session.scalars(select(Region).order_by(Region.code))).first()
    assert region is not None

    def incentives(method: str, request: Message) -> Any:
        if method == "ListScores":
            return incentives_pb2.ListScoresResponse(scores=[incentives_pb2.Score(
                level="rep", unit_id=str(rep.id), label=rep.display_name, period="2026-W48",
                score=81.5, region_id=str(region.id))])
        return incentives_pb2.ListRewardsResponse(rewards=[incentives_pb2.Reward(
            id="r1", user_id=str(rep.id), label="交通补贴", amount_fen=5000)])

    scores = await _export(settings, gateway_sessions, incentives_client._incentives,
                           incentives, "/api/v1/kpi/scores/export.xlsx")
    assert scores[1][scores[0].index("区域")] == region.name
    rewards = await _export(settings, gateway_sessions, incentives_client._incentives,
                            incentives, "/api/v1/rewards/export.xlsx")
    assert rewards[0][:2] == ("用户", "奖励")
    assert rewards[1][:3] == (rep.display_name, "交通补贴", 50)


async def test_a_kpi_with_nothing_to_score_is_an_empty_cell_not_zero_points(
        settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    """The list says 工单按时受理 had no data (it is left out of the score: 88.33 of 95
    weighted points make 92.98); the sheet said 0 for it, so its columns added up to
    88.33 beside a score of 92.98, and a rep with nothing to accept read as failing it."""
    def incentives(method: str, request: Message) -> Any:
        return incentives_pb2.ListScoresResponse(scores=[incentives_pb2.Score(
            level="rep", unit_id="u1", label="冯军", period="2026-10", score=92.98, kpis=[
                incentives_pb2.KpiScore(kpi_id="first_contact_in_time", label="首次联系",
                                        weight_pct=15, has_data=True, points=15.0),
                incentives_pb2.KpiScore(kpi_id="work_order_accept_on_time",
                                        label="工单按时受理", weight_pct=5)])])

    rows = await _export(settings, gateway_sessions, incentives_client._incentives,
                         incentives, "/api/v1/kpi/scores/export.xlsx")
    header, row = rows[0], rows[1]
    assert row[header.index("首次联系")] == 15
    assert row[header.index("工单按时受理")] is None


async def test_quote_visit_and_failed_delivery_exports_name_the_person(
        settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    async with gateway_sessions() as session:
        rep = (await session.scalars(select(User).where(User.username == "rep01"))).one()

    def answers(method: str, request: Message) -> Any:
        if method == "GetQuote":
            return quotes_pb2.Quote(id="q1", owner_username=rep.username)
        if method == "ListQuotes":
            return quotes_pb2.ListQuotesResponse(quotes=[quotes_pb2.Quote(
                id="q1", owner_username=rep.username)])
        if method == "ListVisits":
            return pipeline_pb2.ListVisitsResponse(visits=[pipeline_pb2.Visit(
                id="v1", state="planned", rep_username=rep.username)])
        return notifications_pb2.ListFailedDeliveriesResponse(deliveries=[
            notifications_pb2.Delivery(id="d1", recipient=str(rep.id), channel="sms"),
            notifications_pb2.Delivery(id="d2", recipient="buyer@example.com",
                                       channel="email")])

    quotes = await _export(settings, gateway_sessions, quotes_client._quotes, answers,
                           "/api/v1/quotes/export.xlsx")
    assert quotes[1][quotes[0].index("销售")] == rep.display_name
    one = await _export(settings, gateway_sessions, quotes_client._quotes, answers,
                        "/api/v1/quotes/q1/export.xlsx")
    assert ("销售", rep.display_name) in [r[:2] for r in one]
    visits = await _export(settings, gateway_sessions, pipeline_client._pipeline, answers,
                           "/api/v1/opportunities/o1/visits/export.xlsx")
    assert visits[1][visits[0].index("销售")] == rep.display_name
    failed = await _export(settings, gateway_sessions, deps._clients, answers,
                           "/api/v1/admin/notifications/failed/export.xlsx")
    recipient = failed[0].index("接收人")
    assert [r[recipient] for r in failed[1:]] == [rep.display_name, "buyer@example.com"]


async def test_the_failed_delivery_list_names_the_person_as_its_export_does(
        settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    """The admin working through the dead letters read a user id in the list (the export
    named them): whose webhook to fix was a lookup in another screen."""
    async with gateway_sessions() as session:
        rep = (await session.scalars(select(User).where(User.username == "rep01"))).one()

    def answers(method: str, request: Message) -> Any:
        return notifications_pb2.ListFailedDeliveriesResponse(deliveries=[
            notifications_pb2.Delivery(id="d1", recipient=str(rep.id), channel="wecom"),
            notifications_pb2.Delivery(id="d2", recipient="buyer@example.com",
                                       channel="email")])

    answer = await _get(settings, gateway_sessions, deps._clients, answers,
                        "/api/v1/admin/notifications/failed",
                        Principal("0190a000-0000-7000-8000-000000000009", "admin", "admin"))
    assert answer.status_code == 200, answer.text
    assert [(d["recipient"], d["recipient_name"]) for d in answer.json()["items"]] == [
        (str(rep.id), rep.display_name), ("buyer@example.com", None)]


async def test_the_management_workbook_names_the_reps_in_the_activity_sheet(
        settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    async with gateway_sessions() as session:
        rep = (await session.scalars(select(User).where(User.username == "rep01"))).one()

    def numbers(method: str, request: Message) -> Any:
        if method == "GetRepActivity":
            return pipeline_pb2.RepActivity(weeks=["2026-W48"], cells=[pipeline_pb2.RepWeek(
                owner_id=str(rep.id), owner_username=rep.username, week="2026-W48", visits=3)])
        return {"GetFunnel": pipeline_pb2.Funnel, "GetCycleTime": pipeline_pb2.CycleTime,
                "GetLostReasons": pipeline_pb2.LostReasons}[method]()

    answer = await _get(settings, gateway_sessions, pipeline_client._pipeline, numbers,
                        "/api/v1/analytics/export.xlsx",
                        Principal(str(rep.id), rep.username, "director"))
    assert answer.status_code == 200, answer.text
    activity = list(load_workbook(io.BytesIO(answer.content))["销售活跃度"].values)
    assert activity[1][:2] == (rep.display_name, "3/0/0")


async def test_experiment_export_names_who_set_the_trial_up(
        settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    """A director's trial shows the director's name; the demo company's finished trial,
    which the seed made (created_by "demo"), shows 系统 rather than a login-like "demo"."""
    async with gateway_sessions() as session:
        people = {u.username: u for u in await session.scalars(select(User))}
    director, rep = people["director"], people["rep01"]

    def experiments(method: str, request: Message) -> Any:
        unit = incentives_pb2.ArmUnit(unit_id=str(rep.id), arm="A")
        return incentives_pb2.ListExperimentsResponse(experiments=[
            incentives_pb2.Experiment(id="x1", name="阶梯提成", unit="rep", status="running",
                                      starts_on="2026-12-01", ends_on="2027-02-28",
                                      created_by=str(director.id), units=[unit]),
            incentives_pb2.Experiment(id="x2", name="演示实验", unit="rep", status="finished",
                                      starts_on="2026-06-01", ends_on="2026-08-31",
                                      created_by="demo", units=[unit])])

    rows = await _export(settings, gateway_sessions, incentives_client._incentives, experiments,
                         "/api/v1/experiments/export.xlsx")
    creator = rows[0].index("创建人")
    assert [r[creator] for r in rows[1:]] == [director.display_name, "系统（演示数据）"]
    assert rows[1][rows[0].index("A组")] == rep.display_name
