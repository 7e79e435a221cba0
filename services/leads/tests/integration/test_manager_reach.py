"""A director hands a 华东 customer to a 华南 rep. The lead keeps its region (the
customer's province), and the 华南 manager — the rep's manager — finds it where he looks:
reading it, in his list and export, and when he decides it. So does the manager a rep of
another region reports to. Another region's manager still reads "not found"."""

from __future__ import annotations

from typing import Any

import pytest
from leads.domain.commands import UpdateQualification
from leads.domain.listing import LeadFilter
from leads.service_layer import handlers, handover, lifecycle, lists
from servicekit.errors import NotFound

from .assignment_helpers import assign, new_lead, principal

pytestmark = pytest.mark.integration


async def listed(deps: handlers.Deps, who: Any, lead_ids: set[str]) -> set[str]:
    """Which of these leads the caller's list shows (every page: the schema is shared)."""
    found: set[str] = set()
    cursor = ""
    while True:
        page, cursor = await lists.list_leads(LeadFilter(), limit=100, cursor=cursor,
                                              principal=who, deps=deps)
        found |= {lead.id for lead in page} & lead_ids
        if not cursor:
            return found


async def exported(deps: handlers.Deps, who: Any, lead_ids: set[str]) -> set[str]:
    return {lead.id async for lead in lists.stream_leads(LeadFilter(), principal=who,
                                                          deps=deps)} & lead_ids


async def test_the_reps_manager_sees_and_decides_a_lead_handed_over_from_another_region(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double = org[0]
    east = double.add_region("华东", ["上海"])
    south = double.add_region("华南", ["广东"])
    north = double.add_region("华北", ["河北"])
    rep_e = double.add_user(east, "rep", "reach-e1")
    mgr_s = double.add_user(south, "manager", "reach-mgr-s", managed=(south.id,))
    rep_s = double.add_user(south, "rep", "reach-s1", manager_id=mgr_s.id)
    mgr_n = double.add_user(north, "manager", "reach-mgr-n", managed=(north.id,))
    director = principal(rep_e, role="director")
    handed = await assign(deps, await new_lead(deps, "上海"))
    stays = await assign(deps, await new_lead(deps, "上海"))
    assert (handed.owner_id, stays.owner_id) == (rep_e.id, rep_e.id)
    await handover.reassign_lead(handed.id, owner_id=rep_s.id, reason="客户在广州设厂",
                                 principal=director, deps=deps)

    south_mgr = principal(mgr_s, regions=(south.id,))
    ids = {handed.id, stays.id}
    read = await handlers.get_lead(handed.id, south_mgr, deps)
    assert (read.region_id, read.owner_id) == (east.id, rep_s.id)  # region kept
    assert await listed(deps, south_mgr, ids) == {handed.id}
    assert await exported(deps, south_mgr, ids) == {handed.id}
    with pytest.raises(NotFound):
        await handlers.get_lead(stays.id, south_mgr, deps)
    edited = await lists.update_qualification(
        UpdateQualification(lead_id=handed.id, urgency="高"), south_mgr, deps)
    assert edited.urgency == "high"
    assert (await lifecycle.disqualify(handed.id, "客户已选别家", south_mgr, deps)
            ).status == "disqualified"

    # The region's own manager keeps seeing both; another region's manager neither.
    east_mgr = principal(double.add_user(east, "manager", "reach-mgr-e", managed=(east.id,)),
                         regions=(east.id,))
    assert await listed(deps, east_mgr, ids) == ids
    north_mgr = principal(mgr_n, regions=(north.id,))
    assert await listed(deps, north_mgr, ids) == set()
    with pytest.raises(NotFound):
        await handlers.get_lead(handed.id, north_mgr, deps)


async def test_a_manager_sees_the_leads_of_a_rep_who_reports_to_him_from_another_region(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    double = org[0]
    west = double.add_region("西南", ["四川"])
    mgr = double.add_user(double.add_region("华中", ["湖北"]), "manager", "reach-mgr-c")
    rep_w = double.add_user(west, "rep", "reach-w1", manager_id=mgr.id)
    lead = await assign(deps, await new_lead(deps, "四川"))
    assert lead.owner_id == rep_w.id
    seen = await handlers.get_lead(lead.id, principal(mgr, regions=()), deps)
    assert seen.id == lead.id
    assert await listed(deps, principal(mgr, regions=()), {lead.id}) == {lead.id}
    teammate = principal(double.add_user(west, "rep", "reach-w2", manager_id=mgr.id))
    with pytest.raises(NotFound):
        await handlers.get_lead(lead.id, teammate, deps)
