"""OrgDirectory over real gRPC (health, auth interceptor) on the seeded database."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
from gateway.orgdirectory import SERVICE_NAME, OrgDirectoryServicer
from gateway.settings import GatewaySettings
from grpc_health.v1 import health_pb2, health_pb2_grpc
from salesos.org.v1 import org_pb2, org_pb2_grpc
from servicekit.auth import bearer_metadata, issue_token, service_principal
from servicekit.testing.grpc import grpc_serving

pytestmark = pytest.mark.integration


@pytest.fixture
async def channel(settings: GatewaySettings, gateway_sessions: Any,
                  seeded: dict[str, Any]) -> AsyncIterator[grpc.aio.Channel]:
    def register(server: grpc.aio.Server) -> list[str]:
        org_pb2_grpc.add_OrgDirectoryServicer_to_server(OrgDirectoryServicer(gateway_sessions),
                                                        server)
        return [SERVICE_NAME]

    async with grpc_serving(settings, register) as addr, grpc.aio.insecure_channel(addr) as chan:
        yield chan


@pytest.fixture
def org(channel: grpc.aio.Channel) -> org_pb2_grpc.OrgDirectoryStub:
    return org_pb2_grpc.OrgDirectoryStub(channel)


@pytest.fixture
def as_service(settings: GatewaySettings) -> tuple[tuple[str, str], ...]:
    token = issue_token(service_principal("leads"), settings.jwt_secret.get_secret_value())
    return bearer_metadata(token)


@pytest.mark.parametrize(("province", "region"), [
    ("江苏省", "华东"), ("上海", "华东"), ("广西壮族自治区", "华南"),
    ("北京市", "华北"), ("重庆", "西南"),
])
async def test_mapped_provinces_resolve_to_their_region(
        org: Any, as_service: Any, province: str, region: str) -> None:
    reply = await org.ResolveRegion(org_pb2.ResolveRegionRequest(province=province),
                                    metadata=as_service)
    assert reply.name == region and not reply.is_default


@pytest.mark.parametrize("province", ["新疆", "新疆维吾尔自治区", "", "火星"])
async def test_unmapped_or_unknown_provinces_resolve_to_the_default_region(
        org: Any, as_service: Any, province: str) -> None:
    reply = await org.ResolveRegion(org_pb2.ResolveRegionRequest(province=province),
                                    metadata=as_service)
    assert reply.is_default and reply.code == "default"


async def test_regions_list_every_mainland_province_once(org: Any, as_service: Any) -> None:
    regions = (await org.ListRegions(org_pb2.ListRegionsRequest(), metadata=as_service)).regions
    assert [r.name for r in regions][:4] == ["华东", "华北", "华南", "西南"]
    provinces = [p for r in regions for p in r.provinces]
    assert len(provinces) == len(set(provinces)) == 31


async def test_each_region_has_five_reps_for_round_robin(org: Any, as_service: Any) -> None:
    regions = (await org.ListRegions(org_pb2.ListRegionsRequest(), metadata=as_service)).regions
    east = next(r for r in regions if r.code == "east")
    reps = (await org.ListUsers(org_pb2.ListUsersRequest(role="rep", region_id=east.id),
                                metadata=as_service)).users
    assert [u.username for u in reps] == ["rep01", "rep02", "rep03", "rep04", "rep05"]
    assert all(u.active and u.region_id == east.id for u in reps)


async def test_manager_reports_their_managed_region_and_reps_report_to_them(
        org: Any, as_service: Any) -> None:
    users = {u.username: u for u in (await org.ListUsers(
        org_pb2.ListUsersRequest(), metadata=as_service)).users}
    manager = await org.GetUser(org_pb2.GetUserRequest(user_id=users["mgr-south"].id),
                                metadata=as_service)
    assert list(manager.managed_region_ids) == [manager.region_id]
    assert users["rep06"].manager_id == manager.id
    assert users["eng1"].manager_id == users["eng-lead"].id


async def test_unknown_user_is_not_found(org: Any, as_service: Any) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await org.GetUser(org_pb2.GetUserRequest(user_id="00000000-0000-0000-0000-000000000000"),
                          metadata=as_service)
    assert caught.value.code() == grpc.StatusCode.NOT_FOUND


async def test_malformed_user_id_is_invalid_argument(org: Any, as_service: Any) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await org.GetUser(org_pb2.GetUserRequest(user_id="nope"), metadata=as_service)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_callers_without_a_token_are_refused(org: Any) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await org.ListRegions(org_pb2.ListRegionsRequest())
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_health_check_reports_the_org_directory_serving(channel: grpc.aio.Channel) -> None:
    reply = await health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=SERVICE_NAME))
    assert reply.status == health_pb2.HealthCheckResponse.SERVING


async def test_departments_name_their_supervisor_the_member_the_others_report_to(
        org: Any, as_service: Any) -> None:
    reply = await org.ListDepartments(org_pb2.ListDepartmentsRequest(), metadata=as_service)
    departments = {d.code: d for d in reply.departments}
    assert {"engineering", "finance", "delivery"} <= departments.keys()
    users = await org.ListUsers(org_pb2.ListUsersRequest(), metadata=as_service)
    by_id = {u.id: u.username for u in users.users}
    assert by_id[departments["engineering"].supervisor_id] == "eng-lead"
    assert by_id[departments["delivery"].supervisor_id] == "dlv-lead"
    assert departments["delivery"].name == "交付部"


async def test_a_burst_of_region_questions_reads_the_region_map_once(
        gateway_sessions: Any, seeded: dict[str, Any]) -> None:
    opened = 0

    def sessions() -> Any:
        nonlocal opened
        opened += 1
        return gateway_sessions()

    servicer = OrgDirectoryServicer(sessions)  # type: ignore[arg-type]
    asks = [org_pb2.ResolveRegionRequest(province=p) for p in ("江苏", "广东", "北京", "火星")]
    replies = await asyncio.gather(*(servicer.ResolveRegion(a, None) for a in asks * 4))
    listed = await servicer.ListRegions(org_pb2.ListRegionsRequest(), None)
    assert [r.name for r in replies[:4]] == ["华东", "华南", "华北", listed.regions[-1].name]
    assert opened == 1
