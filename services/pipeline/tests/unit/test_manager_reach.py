"""A director handed a 华东 customer's deal to a 华南 rep (or the rep's lead became a deal):
the deal keeps its region, and the 华南 manager — the rep's manager — reads and works it,
finds it in his lists and numbers, and hands it over with the rep. Another region's
manager does not, a teammate rep does not, and the directory is asked only when it can
change the answer; down, a manager is told to retry, never shown less."""

from __future__ import annotations

from collections.abc import Collection

import pytest
from pipeline.domain import reopen_owner
from pipeline.domain.approval_matrix import Person
from pipeline.domain.errors import InvalidField
from pipeline.domain.quote_delegates import grants
from pipeline.service_layer import reach
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.orgdir import OrgUnavailable
from servicekit.scope import can_read

SOUTH_TEAM = {"rep-south", "rep-south-2", "rep-left"}
LIMITS = {"rep": 500, "manager": 1500, "director": 3000}


class Directory:
    """Counts the questions: the everyday reads of a manager's own region ask none."""

    def __init__(self, *, down: bool = False) -> None:
        self.asked, self.down = 0, down

    async def people_of_manager(self, manager_id: str,
                                region_ids: Collection[str]) -> set[str]:
        self.asked += 1
        if self.down:
            raise OrgUnavailable("ListUsers: UNAVAILABLE")
        return set(SOUTH_TEAM) if manager_id == "mgr-south" else {"rep-north"}


def who(user_id: str, role: str, *regions: str) -> Principal:
    return Principal(user_id=user_id, username=user_id, role=role, region_ids=regions)


SOUTH_MGR = who("mgr-south", "manager", "south")


async def test_the_reps_manager_reads_his_reps_deal_in_another_region() -> None:
    org = Directory()
    assert await reach.may_read(SOUTH_MGR, org, owner_id="rep-south", region_id="east")
    assert not await reach.may_read(SOUTH_MGR, org, owner_id="rep-east", region_id="east")
    north = who("mgr-north", "manager", "north")
    assert not await reach.may_read(north, org, owner_id="rep-south", region_id="east")


async def test_the_regions_manager_still_reads_it_and_is_never_asked_about_it() -> None:
    org = Directory()
    east = who("mgr-east", "manager", "east")
    assert await reach.may_read(east, org, owner_id="rep-south", region_id="east")
    assert await reach.may_read(SOUTH_MGR, org, owner_id="rep-east", region_id="south")
    assert org.asked == 0


async def test_a_teammate_rep_and_finance_do_not_read_it_and_nobody_asks() -> None:
    org = Directory()
    teammate = who("rep-south-2", "rep", "south")
    assert not await reach.may_read(teammate, org, owner_id="rep-south", region_id="east")
    assert await reach.may_read(who("rep-south", "rep", "south"), org, owner_id="rep-south",
                                region_id="east")
    assert not await reach.may_read(who("f", "finance"), org, owner_id="rep-south",
                                    region_id="east")
    assert await reach.may_read(who("d", "director"), org, owner_id="rep-south",
                                region_id="east")
    assert org.asked == 0


async def test_a_managers_list_scope_holds_his_people_in_one_question() -> None:
    org = Directory()
    scope = await reach.deal_scope(SOUTH_MGR, org)
    assert (scope.region_ids, scope.owner_ids) == (("south",), tuple(sorted(SOUTH_TEAM)))
    assert org.asked == 1
    rep = await reach.deal_scope(who("rep-south", "rep", "south"), org)
    assert (rep.owner_id, rep.owner_ids) == ("rep-south", ())
    assert (await reach.deal_scope(who("d", "director"), org)).everything
    assert org.asked == 1


async def test_without_a_directory_wired_a_manager_reaches_his_regions_only() -> None:
    scope = await reach.deal_scope(SOUTH_MGR, None)
    assert (scope.region_ids, scope.owner_ids) == (("south",), ())


async def test_the_directory_down_is_a_retry_for_a_managers_list_not_a_shorter_one() -> None:
    down = Directory(down=True)
    with pytest.raises(reach.DirectoryUnavailable):
        await reach.deal_scope(SOUTH_MGR, down)
    with pytest.raises(reach.DirectoryUnavailable):
        await reach.may_read(SOUTH_MGR, down, owner_id="rep-south", region_id="east")
    # What needs no question still answers.
    assert await reach.may_read(SOUTH_MGR, down, owner_id="rep-east", region_id="south")
    assert (await reach.deal_scope(who("rep-south", "rep", "south"), down)).owner_id


async def test_a_managers_handover_of_his_person_moves_their_deals_everywhere() -> None:
    org = Directory()
    assert await reach.leaver_regions("rep-left", SOUTH_MGR, org) is None
    assert await reach.leaver_regions("rep-east", SOUTH_MGR, org) == ("south",)
    assert await reach.leaver_regions("rep-left", who("d", "director"), org) is None
    with pytest.raises(PermissionDenied):
        await reach.leaver_regions("rep-left", who("rep-south", "rep", "south"), org)


def test_reopened_by_his_manager_the_reps_deal_in_another_region_stays_his() -> None:
    """A lost 华东 deal of a 华南 rep: reopened, it stays the rep's while he is in post;
    once he has left it goes to his successor as any leaver's would."""
    rep = Person("rep-south", "rep_s", "rep", "south", "mgr-south", True)
    successor = Person("rep-east", "rep_e", "rep", "east", "mgr-east", True)
    chosen = reopen_owner.choose(region_id="east", owner_id=rep.id, named="",
                                 reopener_id="mgr-south", people=[rep, successor],
                                 successors={rep.id: successor.id})
    assert chosen is None
    left = Person("rep-south", "rep_s", "rep", "south", "mgr-south", False)
    chosen = reopen_owner.choose(region_id="east", owner_id=left.id, named="",
                                 reopener_id="mgr-south", people=[left, successor],
                                 successors={left.id: successor.id})
    assert chosen == successor


SOUTH_PEOPLE = ("rep-south", "rep-south-2")


def test_reopening_his_reps_deal_elsewhere_the_manager_may_name_another_of_his_reps() -> None:
    """mgr-south reopens his rep's lost 华东 deal and gives it to another 华南 rep of his;
    a 华北 rep who is neither his nor of 华东 is 422 on owner_id, as is a stopped one."""
    rep = Person("rep-south", "rep_s", "rep", "south", "mgr-south", True)
    mate = Person("rep-south-2", "rep_s2", "rep", "south", "mgr-south", True)
    north = Person("rep-north", "rep_n", "rep", "north", "mgr-north", True)
    gone = Person("rep-gone", "rep_g", "rep", "south", "mgr-south", False)
    everyone = [rep, mate, north, gone]

    def named(who: str, *, regions: tuple[str, ...] = ("south",),
              reach: tuple[str, ...] = SOUTH_PEOPLE) -> Person | None:
        return reopen_owner.choose(region_id="east", owner_id=rep.id, named=who,
                                   reopener_id="mgr-south", people=everyone, successors={},
                                   regions=regions, reach=reach)

    assert named(mate.id) == mate
    assert named(mate.id, regions=(), reach=(mate.id,)) == mate  # his report, elsewhere
    assert named(mate.id, regions=("south",), reach=()) == mate  # his region's rep
    for refused in (north.id, gone.id, "ghost"):
        with pytest.raises(InvalidField) as bad:
            named(refused, reach=(*SOUTH_PEOPLE, gone.id))
        assert bad.value.field == "owner_id"
    with pytest.raises(InvalidField):  # a director (no regions, no people): the deal's region
        named(mate.id, regions=(), reach=())


async def test_an_away_managers_delegate_reaches_his_people_as_he_does() -> None:
    """mgr-south is away; his delegate mgr-north holds his discounts on his rep's 华东
    deal too, asked through the same reach (people_of), and a delegate of nobody's
    people (a director away) holds as the director does."""
    org = Directory()
    south = Person("mgr-south", "mgr_s", "manager", "south", "", True, ("south",))
    north = Person("mgr-north", "mgr_n", "manager", "north", "", True, ("north",))
    people = {south.id: await reach.people_of(role=south.role, user_id=south.id,
                                              region_ids=south.managed_region_ids, org=org)}
    [grant] = grants([south], north, LIMITS, people)
    assert can_read(grant.scope, owner_id="rep-south", region_id="east")
    assert not can_read(grant.scope, owner_id="rep-east", region_id="east")
    [regions_only] = grants([south], north, LIMITS)
    assert not can_read(regions_only.scope, owner_id="rep-south", region_id="east")
    boss = Person("boss", "boss", "director", "", "", True)
    assert await reach.people_of(role="director", user_id="boss", region_ids=(), org=org) \
        == frozenset()
    [held] = grants([boss], north, LIMITS)
    assert held.scope.everything
    with pytest.raises(reach.DirectoryUnavailable):
        await reach.people_of(role="manager", user_id=south.id, region_ids=("south",),
                              org=Directory(down=True))
