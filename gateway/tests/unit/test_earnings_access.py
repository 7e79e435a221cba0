"""Admins run the system, not the payroll: every route that shows what a person earns
(payout statements, habit rewards, and their .xlsx) is 403 for an admin before the
incentives service is asked, and still answers finance."""

from __future__ import annotations

from typing import Any

import pytest
from google.protobuf.message import Message
from salesos.incentives.v1 import incentives_pb2 as pb
from salesos.notifications.v1 import notifications_pb2 as npb

from gateway import deps, incentives_client

from .fake_services import Recorder, bearer, gateway_with

EARNINGS = ("/api/v1/payouts", "/api/v1/payouts/export.xlsx", "/api/v1/rewards",
            "/api/v1/rewards/export.xlsx")


def _earnings(method: str, request: Message) -> Any:
    if method == "ListPayouts":
        return pb.ListPayoutsResponse(payouts=[pb.Payout(
            user_id="u1", display_name="周婷", region_id="r1", period="2026-11", scheme="A",
            amount_fen=123_456)])
    if method == "ListRewards":
        return pb.ListRewardsResponse(rewards=[pb.Reward(id="w1", user_id="u1",
                                                         label="交通补贴", amount_fen=5_000)])
    return pb.KpiSet(kpis=[pb.Kpi(id="first_contact", role="rep", label="首次联系及时率")])


@pytest.mark.parametrize("path", EARNINGS)
async def test_an_admin_is_refused_what_a_person_earns_and_finance_is_not(path: str) -> None:
    service = Recorder(_earnings)
    async with gateway_with({incentives_client._incentives: service}) as gw:
        refused = await gw.get(path, headers=bearer("admin"))
        assert refused.status_code == 403, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["code"] == "forbidden"
        assert "管理员" in refused.json()["detail"] and "财务" in refused.json()["detail"]
        assert service.requests == []  # refused here, the service never asked
        answered = await gw.get(path, headers=bearer("finance"))
    assert answered.status_code == 200, answered.text
    assert service.requests


async def test_an_admin_still_maintains_the_kpi_definitions() -> None:
    async with gateway_with({incentives_client._incentives: Recorder(_earnings)}) as gw:
        kpis = await gw.get("/api/v1/kpis", headers=bearer("admin"))
    assert kpis.status_code == 200 and kpis.json()["kpis"][0]["id"] == "first_contact"


def _failed(method: str, request: Message) -> Any:
    return npb.ListFailedDeliveriesResponse(deliveries=[
        npb.Delivery(id="d1", channel="email", kind="reward_granted", state="failed",
                     title="恭喜获得奖励：交通补贴（50.00 元）"),
        npb.Delivery(id="d2", channel="email", kind="quote_issued", state="failed",
                     title="新报价：苏州精工")])


async def test_the_admins_failed_deliveries_do_not_show_a_rewards_amount() -> None:
    # Admins work through what could not be delivered; a failed reward notice is one of
    # those, its title saying who earned how much.
    async with gateway_with({deps._clients: Recorder(_failed)}) as gw:
        listed = await gw.get("/api/v1/admin/notifications/failed", headers=bearer("admin"))
    assert listed.status_code == 200, listed.text
    titles = [d["title"] for d in listed.json()["items"]]
    assert "元" not in titles[0] and "奖励" in titles[0]
    assert titles[1] == "新报价：苏州精工"
