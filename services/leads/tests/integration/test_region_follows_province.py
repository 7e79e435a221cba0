"""A lead whose province was unknown or only guessed follows the customer's own word to
that province's region: set by a rep or manager (PATCH), or given by the returning
customer (gap fill). The owner stays; a lead nobody could take is assigned again in the
new region; the history says what moved where."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from leads.adapters.clients import OrgDirectoryClient
from leads.domain.commands import CreateLead, UpdateQualification
from leads.domain.model import ASSIGNED, UNASSIGNABLE
from leads.service_layer import handlers, lists
from leads.service_layer.rules_admin import DirectoryUnavailable
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from servicekit.auth import Principal
from servicekit.settings import DEMO_JWT_SECRET

from .assignment_helpers import assign, event_types, load
from .test_dedupe import touches
from .test_province_inferred import JIANGSU_PREFIX, scanned
from .test_returning_customer_fills import imported

pytestmark = pytest.mark.integration
DIRECTOR = Principal(user_id="director-1", username="director", role="director")


def moves(found: list[Any]) -> list[str]:
    return [t.summary for t in found if t.channel == "region_moved"]


async def test_a_rep_sets_the_province_and_the_lead_moves_to_its_region_keeping_its_owner(
    deps: handlers.Deps, org: tuple[Any, str], leads_stub: leads_pb2_grpc.LeadServiceStub,
    auth: Any,
) -> None:
    double = org[0]
    east = double.add_region("华东-跟随", ["江苏"])
    rep = double.add_user(east, "rep", "rep_follow_e", display_name="周婷")
    south = double.add_region("华南-跟随", ["广东"])
    double.add_user(south, "rep", "rep_follow_s")
    lead = await assign(deps, (await handlers.create_lead(
        CreateLead(source="trade_show", channel="qr", **scanned(JIANGSU_PREFIX)), deps))[0])
    assert (lead.province_source, lead.region_id, lead.owner_id) == ("mobile", east.id, rep.id)

    own = auth("rep", user_id=rep.id, region_ids=(east.id,))
    request = leads_pb2.UpdateQualificationRequest(lead_id=lead.id, province="广东省")
    answered = await leads_stub.UpdateQualification(request, metadata=own)
    assert (answered.province, answered.province_source, answered.region_id) == (
        "广东", "given", south.id)
    moved = await load(deps, lead.id)
    assert (moved.region_id, moved.owner_id, moved.status) == (south.id, rep.id, ASSIGNED)
    assert moved.assignment_reason == lead.assignment_reason  # nobody was re-assigned
    assert moves(await touches(deps.sessions, lead.id)) == [
        "周婷 将省份改为 广东：线索由 华东-跟随 转入 华南-跟随，负责人不变"]
    assert await event_types(deps, lead.id) == ["leads.created", "leads.assigned"]

    await leads_stub.UpdateQualification(request, metadata=own)  # the same word again
    assert len(moves(await touches(deps.sessions, lead.id))) == 1
    read = await leads_stub.GetLead(leads_pb2.GetLeadRequest(lead_id=lead.id), metadata=own)
    assert [(t.source, t.channel) for t in read.touches][-1] == ("system", "region_moved")


async def test_a_lead_nobody_could_take_is_assigned_in_its_new_region(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double = org[0]
    double.add_region("其他-跟随", ["江苏"])  # nobody works it
    stuck = await assign(deps, (await handlers.create_lead(
        CreateLead(source="trade_show", channel="qr", **scanned(JIANGSU_PREFIX)), deps))[0])
    assert stuck.status == UNASSIGNABLE
    south = double.add_region("华南-再分", ["广东"])
    rep = double.add_user(south, "rep", f"rep_reoffer_{uuid.uuid4().hex[:6]}")

    lead = await lists.update_qualification(
        UpdateQualification(lead_id=stuck.id, province="广东"), DIRECTOR, deps)
    assert (lead.status, lead.region_id, lead.owner_id) == (ASSIGNED, south.id, rep.id)
    assert lead.assignment_reason.startswith(
        "省份改为 广东，由 其他-跟随 转入 华南-再分；未匹配规则，华南-再分区域轮询")
    assert (await event_types(deps, lead.id))[-1] == "leads.assigned"
    assert moves(await touches(deps.sessions, lead.id)) == [
        "director 将省份改为 广东：线索由 其他-跟随 转入 华南-再分，重新分配"]


async def test_a_returning_customers_own_province_moves_a_guessed_lead(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double = org[0]
    east = double.add_region("华东-回访", ["江苏"])
    rep = double.add_user(east, "rep", "rep_back_e")
    south = double.add_region("华南-回访", ["广东"])
    double.add_user(south, "rep", "rep_back_s")
    scan = scanned(JIANGSU_PREFIX)
    lead = await assign(deps, (await handlers.create_lead(
        CreateLead(source="trade_show", channel="qr", **scan), deps))[0])
    assert (lead.region_id, lead.owner_id) == (east.id, rep.id)

    again, created = await handlers.create_lead(
        CreateLead(source="web_form", name=scan["name"], phone=scan["phone"], province="广东"),
        deps)
    assert (again, created) == (lead.id, False)
    moved = await load(deps, lead.id)
    assert (moved.province, moved.province_source) == ("广东", "given")
    assert (moved.region_id, moved.owner_id, moved.status) == (south.id, rep.id, ASSIGNED)
    assert moves(await touches(deps.sessions, lead.id)) == [
        "客户补全省份 广东：线索由 华东-回访 转入 华南-回访，负责人不变"]


async def test_an_imported_row_with_the_customers_province_moves_a_guessed_lead(
    deps: handlers.Deps, org: tuple[Any, str], leads_stub: leads_pb2_grpc.LeadServiceStub,
    auth: Any,
) -> None:
    double = org[0]
    east = double.add_region("华东-导入", ["江苏"])
    rep = double.add_user(east, "rep", "rep_import_e")
    south = double.add_region("华南-导入", ["广东"])
    double.add_user(south, "rep", "rep_import_s")
    scan = scanned(JIANGSU_PREFIX)
    lead = await assign(deps, (await handlers.create_lead(
        CreateLead(source="trade_show", channel="qr", **scan), deps))[0])
    assert (lead.region_id, lead.owner_id) == (east.id, rep.id)

    me = auth("director", user_id=f"user-{uuid.uuid4()}")
    done = await imported(leads_stub, deps, me, "姓名,手机,省份\n"
                          f"{scan['name']},{scan['phone']},广东省\n")
    assert done.rows_merged == 1
    moved = await load(deps, lead.id)
    assert (moved.province, moved.region_id, moved.owner_id) == ("广东", south.id, rep.id)
    assert moves(await touches(deps.sessions, lead.id)) == [
        "客户补全省份 广东：线索由 华东-导入 转入 华南-导入，负责人不变"]


async def test_while_the_directory_is_down_a_province_edit_is_refused_and_nothing_changes(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double = org[0]
    east = double.add_region("华东-断线", ["江苏"])
    double.add_user(east, "rep", "rep_down_e")
    lead = await assign(deps, (await handlers.create_lead(
        CreateLead(source="trade_show", channel="qr", **scanned(JIANGSU_PREFIX)), deps))[0])
    down = OrgDirectoryClient("127.0.0.1:1", jwt_secret=DEMO_JWT_SECRET,
                              timeout_seconds=0.5, cache_seconds=0)
    try:
        with pytest.raises(DirectoryUnavailable):
            await lists.update_qualification(
                UpdateQualification(lead_id=lead.id, province="广东", urgency="高"),
                DIRECTOR, handlers.Deps(sessions=deps.sessions, org=down))
    finally:
        await down.close()
    after = await load(deps, lead.id)
    assert (after.province, after.urgency, after.region_id) == ("江苏", "", east.id)
