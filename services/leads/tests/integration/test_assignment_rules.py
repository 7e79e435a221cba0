"""Rules, weighted teams, caps and away over real PostgreSQL and a real gRPC directory."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from leads.adapters.clients import OrgDirectoryClient
from leads.service_layer import handlers, reps, rules_admin
from servicekit.errors import FieldError, PermissionDenied
from servicekit.settings import DEMO_JWT_SECRET

from .assignment_helpers import ADMIN, add_rule, assign, new_lead, principal

pytestmark = pytest.mark.integration


def team(double: Any, name: str, province: str, *usernames: str) -> tuple[Any, list[Any]]:
    region = double.add_region(name, [province])
    return region, [double.add_user(region, "rep", u) for u in usernames]


async def settings(deps: handlers.Deps, user: Any, capacity: int = 1,
                   daily_cap: int | None = None) -> None:
    await reps.set_assignment_settings(user.id, capacity=capacity, daily_cap=daily_cap,
                                       principal=ADMIN, deps=deps)


async def test_a_matching_rule_sends_the_lead_to_its_team_and_says_why(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (r1, r2, r3) = team(org[0], "华东", "江苏", "rep01", "rep02", "rep03")
    rule = await add_rule(deps, name="华东-汽车零部件", region_ids=(region.id,),
                          industries=("汽车零部件",), target_user_ids=(r2.id, r3.id))
    lead = await assign(deps, await new_lead(deps, industry="汽车零部件"))
    assert (lead.owner_id, lead.assignment_rule_id) == (r2.id, rule.id)
    assert lead.assignment_reason == (
        "规则「华东-汽车零部件」匹配；团队轮询（权重1），rep02 今日第 1 条")
    other = await assign(deps, await new_lead(deps, industry="光伏"))
    assert other.assignment_rule_id == "" and other.owner_id == r1.id


async def test_the_first_matching_rule_wins_and_reordering_changes_which(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (r1, r2) = team(org[0], "华南", "广东", "rep05", "rep06")
    first = await add_rule(deps, name="广东全部", region_ids=(region.id,),
                           target_kind="person", target_user_ids=(r1.id,))
    second = await add_rule(deps, name="广东网站", region_ids=(region.id,),
                            sources=("web_form",), target_kind="person",
                            target_user_ids=(r2.id,))
    assert (await assign(deps, await new_lead(deps, "广东"))).owner_id == r1.id
    order = [r.id for r in await rules_admin.list_rules(ADMIN, deps)]
    order.remove(second.id)
    order.insert(order.index(first.id), second.id)
    await rules_admin.reorder_rules(order, ADMIN, deps)
    assert (await assign(deps, await new_lead(deps, "广东"))).owner_id == r2.id


async def test_weighted_shares_hold_exactly_under_concurrent_assigners(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (heavy, light) = team(org[0], "华北", "北京", "rep08", "rep09")
    await settings(deps, heavy, capacity=2)
    await add_rule(deps, name="北京", region_ids=(region.id,),
                   target_user_ids=(heavy.id, light.id))
    lead_ids = [await new_lead(deps, "北京") for _ in range(30)]
    leads = await asyncio.gather(*(assign(deps, i) for i in lead_ids))
    assert Counter(lead.owner_username for lead in leads) == {"rep08": 20, "rep09": 10}


async def test_a_daily_cap_holds_exactly_under_concurrent_assigners(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    _, (capped, _free) = team(org[0], "西南", "四川", "rep10", "rep11")
    await settings(deps, capped, capacity=5, daily_cap=4)
    lead_ids = [await new_lead(deps, "四川") for _ in range(20)]
    leads = await asyncio.gather(*(assign(deps, i) for i in lead_ids))
    assert Counter(lead.owner_username for lead in leads) == {"rep10": 4, "rep11": 16}
    reasons = [lead.assignment_reason for lead in leads if lead.owner_id == capped.id]
    assert sorted(r[r.index("今日"):] for r in reasons) == [
        f"今日第 {n} 条" for n in range(1, 5)]


async def test_a_rep_marked_away_gets_nothing_until_back(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    _, (away, here) = team(org[0], "华中", "湖北", "rep12", "rep13")
    await reps.set_availability(away.id, away=True, until=None, principal=principal(away),
                                deps=deps)
    owners = [(await assign(deps, await new_lead(deps, "湖北"))).owner_id for _ in range(3)]
    assert owners == [here.id] * 3
    await reps.set_availability(away.id, away=False, until=None, principal=principal(away),
                                deps=deps)
    owners = {(await assign(deps, await new_lead(deps, "湖北"))).owner_id for _ in range(2)}
    assert away.id in owners


async def test_away_until_a_time_passed_counts_as_back(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    _, (rep,) = team(org[0], "东北", "辽宁", "rep14")
    soon = datetime.now(UTC) + timedelta(minutes=5)
    await reps.set_availability(rep.id, away=True, until=soon, principal=principal(rep),
                                deps=deps)
    later = handlers.Deps(sessions=deps.sessions, org=deps.org,
                          clock=lambda: soon + timedelta(seconds=1))
    assert (await assign(later, await new_lead(deps, "辽宁"))).owner_id == rep.id


async def test_a_rule_whose_team_is_all_away_falls_back_to_the_region(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (gone, other) = team(org[0], "西北", "陕西", "rep15", "rep16")
    await reps.set_availability(gone.id, away=True, until=None, principal=ADMIN, deps=deps)
    await add_rule(deps, name="陕西专员", region_ids=(region.id,), target_kind="person",
                   target_user_ids=(gone.id,))
    lead = await assign(deps, await new_lead(deps, "陕西"))
    assert lead.owner_id == other.id and lead.assignment_rule_id == ""
    assert lead.assignment_reason.startswith("规则「陕西专员」匹配但无可用销售")


async def test_only_admins_edit_rules(deps: handlers.Deps, org: tuple[Any, str]) -> None:
    _, (rep,) = team(org[0], "华东", "浙江", "rep17")
    director = principal(rep, role="director")
    with pytest.raises(PermissionDenied):
        await rules_admin.create_rule(rules_admin.Rule(id="", name="x", target_user_ids=(
            rep.id,)), director, deps)
    with pytest.raises(PermissionDenied):
        await rules_admin.list_rules(director, deps)


async def test_a_team_naming_someone_who_is_not_an_active_rep_is_refused(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (rep,) = team(org[0], "华东", "安徽", "rep18")
    manager = org[0].add_user(region, "manager", "mgr-x")
    with pytest.raises(FieldError) as error:
        await add_rule(deps, name="x", target_user_ids=(rep.id, manager.id))
    assert error.value.field == "target.user_ids"
    with pytest.raises(FieldError) as error:
        await add_rule(deps, name="x", target_kind="region", target_region_id="nowhere")
    assert error.value.field == "target.region_id"


async def test_a_rule_with_several_bad_fields_is_refused_naming_them_all(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    with pytest.raises(FieldError) as error:
        await add_rule(deps, name="x", provinces=("火星",), sources=("Web Form",),
                       target_kind="team", target_user_ids=())
    assert [error.value.field, *(field for field, _ in error.value.more)] == [
        "match.provinces", "match.sources", "target.user_ids"]


async def test_a_partners_own_source_is_accepted_once_its_leads_arrive_and_a_typo_never(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    """A partner's ERP sends leads over gRPC with its own source, registered nowhere but
    on those leads: a rule for it is fine once they exist; a misspelling is refused."""
    _, (rep,) = team(org[0], "华南", "广东", "rep19")
    partner = f"erp_{uuid.uuid4().hex[:6]}"
    with pytest.raises(FieldError) as error:
        await add_rule(deps, name="ERP", sources=(partner,), target_user_ids=(rep.id,))
    assert error.value.field == "match.sources" and "官网表单（web_form）" in error.value.message
    await new_lead(deps, province="广东", source=partner)
    saved = await add_rule(deps, name="ERP", sources=(partner, "web_form"),
                           target_user_ids=(rep.id,))
    assert saved.sources == (partner, "web_form")
    await rules_admin.delete_rule(saved.id, ADMIN, deps)


async def test_the_same_idempotency_key_creates_one_rule(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (rep,) = team(org[0], "华东", "上海", "rep19")
    rule = rules_admin.Rule(id="", name="上海", region_ids=(region.id,),
                            target_user_ids=(rep.id,))
    first = await rules_admin.create_rule(rule, ADMIN, deps, idempotency_key="k-rule-1")
    again = await rules_admin.create_rule(rule, ADMIN, deps, idempotency_key="k-rule-1")
    assert first.id == again.id
    names = [r.id for r in await rules_admin.list_rules(ADMIN, deps)]
    assert names.count(first.id) == 1


async def test_a_key_reused_for_another_rule_is_refused_not_answered_with_the_first(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (rep,) = team(org[0], "华东", "安徽", "rep33")
    rule = rules_admin.Rule(id="", name="安徽", region_ids=(region.id,), target_user_ids=(rep.id,))
    await rules_admin.create_rule(rule, ADMIN, deps, idempotency_key="k-rule-2")
    other = replace(rule, name="安徽-高分", score_min=60)
    with pytest.raises(FieldError) as refused:
        await rules_admin.create_rule(other, ADMIN, deps, idempotency_key="k-rule-2")
    assert refused.value.field == "Idempotency-Key"
    assert "安徽-高分" not in [r.name for r in await rules_admin.list_rules(ADMIN, deps)]


async def test_control_characters_typed_into_a_rule_are_dropped_not_an_internal_error(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (rep,) = team(org[0], "华东", "山东", "rep36")
    rule = rules_admin.Rule(id="", name="山东\x00重点", industries=("机\x00床",),
                            region_ids=(region.id,), target_user_ids=(rep.id,))
    saved = await rules_admin.create_rule(rule, ADMIN, deps)
    assert (saved.name, saved.industries) == ("山东重点", ("机床",))


async def test_deleting_a_rule_closes_its_gap_so_the_first_rule_is_position_0(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (rep,) = team(org[0], "华北", "河北", "rep37")
    made = [await rules_admin.create_rule(rules_admin.Rule(
        id="", name=f"河北{i}", region_ids=(region.id,), target_user_ids=(rep.id,)), ADMIN, deps)
        for i in range(3)]
    await rules_admin.delete_rule(made[0].id, ADMIN, deps)
    left = await rules_admin.list_rules(ADMIN, deps)
    assert [r.position for r in left] == list(range(len(left)))
    assert [r.id for r in left if r.id in {m.id for m in made}] == [made[1].id, made[2].id]


async def test_only_the_rep_or_their_manager_marks_the_rep_away(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (rep, peer) = team(org[0], "华南", "福建", "rep20", "rep21")
    other_manager = principal(peer, role="manager", regions=("elsewhere",))
    with pytest.raises(PermissionDenied):
        await reps.set_availability(rep.id, away=True, until=None, principal=principal(peer),
                                    deps=deps)
    with pytest.raises(PermissionDenied):
        await reps.set_availability(rep.id, away=True, until=None, principal=other_manager,
                                    deps=deps)
    manager = principal(peer, role="manager", regions=(region.id,))
    view = await reps.set_availability(rep.id, away=True, until=None, principal=manager,
                                       deps=deps)
    assert view.settings.away


async def test_two_rules_cannot_share_a_name_since_each_lead_records_its_rule_by_name(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    region, (r1,) = team(org[0], "华北", "河北", "rep07")
    kept = await add_rule(deps, name="华北 Key Accounts", region_ids=(region.id,),
                          target_kind="person", target_user_ids=(r1.id,))
    with pytest.raises(FieldError) as clash:  # case aside, the same name
        await add_rule(deps, name="华北 key accounts", region_ids=(region.id,),
                       target_kind="person", target_user_ids=(r1.id,))
    assert clash.value.field == "name" and "已有同名规则" in clash.value.message
    other = await add_rule(deps, name="华北其他", region_ids=(region.id,),
                           target_kind="person", target_user_ids=(r1.id,))
    with pytest.raises(FieldError) as renamed:  # nor by renaming another rule
        await rules_admin.update_rule(replace(other, name="华北 KEY ACCOUNTS"), ADMIN, deps)
    assert renamed.value.field == "name"
    names = [r.name for r in await rules_admin.list_rules(ADMIN, deps)]
    assert names.count(kept.name) == 1 and "华北其他" in names  # nothing half-written


@pytest.mark.parametrize(("first", "again"), [("ΣΟΦΙΑ Solar", "σοφια solar"),
                                              ("Straße Nord", "STRASSE NORD"),
                                              ("ÉCOLE Line", "école line")])
async def test_a_rule_name_is_the_same_whatever_the_case_in_any_script(
    deps: handlers.Deps, org: tuple[Any, str], first: str, again: str,
) -> None:
    """As the lead search folds case: a manager reading 「ΣΟΦΙΑ Solar」 on a lead must not
    have two rules to choose from."""
    region, (r1,) = team(org[0], f"区{uuid.uuid4().hex[:6]}", "山西", "rep08")
    await add_rule(deps, name=first, region_ids=(region.id,), target_kind="person",
                   target_user_ids=(r1.id,))
    with pytest.raises(FieldError) as clash:
        await add_rule(deps, name=again, region_ids=(region.id,), target_kind="person",
                       target_user_ids=(r1.id,))
    assert clash.value.field == "name"


@asynccontextmanager
async def remembering_directory(deps: handlers.Deps, org: tuple[Any, str]
                                ) -> AsyncIterator[handlers.Deps]:
    """`deps` whose org directory client remembers answers for a minute, as a running
    service's does for a few seconds."""
    cached = OrgDirectoryClient(org[1], jwt_secret=DEMO_JWT_SECRET, cache_seconds=60)
    try:
        yield replace(deps, org=cached)
    finally:
        await cached.close()


async def test_a_rule_may_name_a_region_an_admin_opened_a_moment_ago(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    east, (east_rep,) = team(org[0], "华东", "江苏", "rep61")
    async with remembering_directory(deps, org) as remembering:
        await add_rule(remembering, name="华东直销", region_ids=(east.id,), target_kind="person",
                       target_user_ids=(east_rep.id,))  # the region list is now cached
        central = org[0].add_region("华中", ["湖北"])
        rule = await add_rule(remembering, name="华中全部", region_ids=(central.id,),
                              target_kind="region", target_region_id=central.id)
        assert (rule.region_ids, rule.target_region_id) == ((central.id,), central.id)
        with pytest.raises(FieldError) as refused:
            await add_rule(remembering, name="不存在", region_ids=("region-nowhere",),
                           target_kind="region", target_region_id=central.id)
        assert refused.value.field == "match.region_ids"


async def test_a_rule_may_name_a_rep_hired_a_moment_ago(
    deps: handlers.Deps, org: tuple[Any, str],
) -> None:
    north, (north_rep,) = team(org[0], "华北", "河北", "rep62")
    async with remembering_directory(deps, org) as remembering:
        await add_rule(remembering, name="河北一人", region_ids=(north.id,),
                       target_kind="person", target_user_ids=(north_rep.id,))  # reps cached
        hired = org[0].add_user(north, "rep", "rep63")
        rule = await add_rule(remembering, name="河北新人", region_ids=(north.id,),
                              target_kind="team", target_user_ids=(north_rep.id, hired.id))
        assert set(rule.target_user_ids) == {north_rep.id, hired.id}
        with pytest.raises(FieldError) as refused:
            await add_rule(remembering, name="查无此人", region_ids=(north.id,),
                           target_kind="person", target_user_ids=("user-nobody",))
        assert refused.value.field == "target.user_id"
