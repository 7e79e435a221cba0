"""GetLead over real gRPC with real tokens: each role sees its scope, the rest is NOT_FOUND."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from leads.domain.commands import AssignLead, CreateLead
from leads.service_layer import handlers
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.uow import UnitOfWork

from .factories import customer

pytestmark = pytest.mark.integration
PHONES: dict[str, str] = {}  # lead id -> the phone it was created with


@pytest.fixture
async def owned(deps: handlers.Deps, org: tuple[Any, str]) -> tuple[str, str, str]:
    """A lead assigned to a rep: (lead_id, owner_id, region_id)."""
    double, _ = org
    east = double.add_region("华东", ["江苏"])
    rep = double.add_user(east, "rep", "rep01")
    sent = customer()
    lead_id, _ = await handlers.create_lead(
        CreateLead(source="web_form", **sent, province="江苏"), deps)
    PHONES[lead_id] = sent["phone"]
    async with UnitOfWork(deps.sessions, source="leads") as uow:
        await handlers.assign_lead(AssignLead(lead_id=lead_id), uow, deps)
        await uow.commit()
    return lead_id, rep.id, east.id


async def get(stub: leads_pb2_grpc.LeadServiceStub, lead_id: str, metadata: Any) -> Any:
    try:
        return await stub.GetLead(leads_pb2.GetLeadRequest(lead_id=lead_id), metadata=metadata)
    except grpc.aio.AioRpcError as error:
        return error.code()


async def test_rep_reads_own_lead_with_owner_and_assignment(
    leads_stub: leads_pb2_grpc.LeadServiceStub, owned: tuple[str, str, str], auth: Any,
) -> None:
    lead_id, owner_id, region_id = owned
    lead = await get(leads_stub, lead_id, auth("rep", user_id=owner_id, region_ids=(region_id,)))
    assert (lead.id, lead.status, lead.owner_id, lead.owner_username, lead.region_id) == (
        lead_id, "assigned", owner_id, "rep01", region_id)
    assert (lead.phone, lead.province, lead.source) == (f"+86{PHONES[lead_id]}", "江苏",
                                                         "web_form")
    assert lead.assigned_at.seconds > 0
    assert lead.assignment_reason.startswith("未匹配规则，华东区域轮询")


async def test_rep_cannot_read_another_reps_lead_even_in_the_same_region(
    leads_stub: leads_pb2_grpc.LeadServiceStub, owned: tuple[str, str, str], auth: Any,
) -> None:
    lead_id, _, region_id = owned
    other_rep = auth("rep", user_id=f"user-{uuid.uuid4()}", region_ids=(region_id,))
    assert await get(leads_stub, lead_id, other_rep) == grpc.StatusCode.NOT_FOUND


async def test_manager_reads_leads_of_their_region(
    leads_stub: leads_pb2_grpc.LeadServiceStub, owned: tuple[str, str, str], auth: Any,
) -> None:
    lead_id, _, region_id = owned
    manager = auth("manager", region_ids=("region-elsewhere", region_id))
    assert (await get(leads_stub, lead_id, manager)).id == lead_id


async def test_manager_cannot_read_another_regions_lead(
    leads_stub: leads_pb2_grpc.LeadServiceStub, owned: tuple[str, str, str], auth: Any,
) -> None:
    lead_id, _, _ = owned
    manager = auth("manager", region_ids=("region-elsewhere",))
    assert await get(leads_stub, lead_id, manager) == grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize("role", ["director", "admin", "service"])
async def test_director_admin_and_services_read_every_lead(
    leads_stub: leads_pb2_grpc.LeadServiceStub, owned: tuple[str, str, str], auth: Any,
    role: str,
) -> None:
    lead_id, _, _ = owned
    assert (await get(leads_stub, lead_id, auth(role))).id == lead_id


@pytest.mark.parametrize("role", ["engineer", "finance"])
async def test_roles_outside_sales_read_no_lead(
    leads_stub: leads_pb2_grpc.LeadServiceStub, owned: tuple[str, str, str], auth: Any,
    role: str,
) -> None:
    lead_id, _, region_id = owned
    caller = auth(role, region_ids=(region_id,))
    assert await get(leads_stub, lead_id, caller) == grpc.StatusCode.NOT_FOUND


@pytest.mark.parametrize("lead_id", [str(uuid.uuid4()), "not-a-uuid", ""])
async def test_an_unknown_or_malformed_id_is_not_found(
    leads_stub: leads_pb2_grpc.LeadServiceStub, auth: Any, lead_id: str,
) -> None:
    assert await get(leads_stub, lead_id, auth("director")) == grpc.StatusCode.NOT_FOUND


async def test_reading_a_lead_needs_a_token(
    leads_stub: leads_pb2_grpc.LeadServiceStub, owned: tuple[str, str, str],
) -> None:
    assert await get(leads_stub, owned[0], ()) == grpc.StatusCode.UNAUTHENTICATED
