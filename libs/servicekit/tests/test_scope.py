"""Every service scopes records the same way: a rep their own, a manager their regions,
director/admin everything, anyone else nothing."""

import pytest
from servicekit.auth import Principal
from servicekit.errors import PermissionDenied
from servicekit.scope import Scope, can_read, handover_scope, needs_people, scope_for


def test_scope_per_role() -> None:
    assert scope_for(role="rep", user_id="u1", region_ids=["r1"]) == Scope(owner_id="u1")
    assert scope_for(role="manager", user_id="m", region_ids=["r1"]) == Scope(region_ids=("r1",))
    assert scope_for(role="director", user_id="d", region_ids=[]).everything
    assert scope_for(role="engineer", user_id="e", region_ids=["r1"]) == Scope()


def test_out_of_scope_records_are_not_readable() -> None:
    rep = scope_for(role="rep", user_id="u1", region_ids=["r1"])
    assert can_read(rep, owner_id="u1", region_id="r9")
    assert not can_read(rep, owner_id="u2", region_id="r1")
    assert not can_read(scope_for(role="rep", user_id="", region_ids=[]), owner_id="",
                        region_id="")
    manager = scope_for(role="manager", user_id="m", region_ids=["r1"])
    assert can_read(manager, owner_id="x", region_id="r1")
    assert not can_read(manager, owner_id="x", region_id="")
    assert not can_read(scope_for(role="finance", user_id="f", region_ids=["r1"]),
                        owner_id="f", region_id="r1")


def test_a_manager_reads_their_peoples_records_in_another_region() -> None:
    """A director handed a 华东 lead to a 华南 rep: the 华南 manager reads it; another
    manager's people's records stay out of reach, and a rep still reads only their own."""
    manager = scope_for(role="manager", user_id="m", region_ids=["south"],
                        people=["rep-s", "rep-s"])
    assert manager.owner_ids == ("rep-s",)
    assert can_read(manager, owner_id="rep-s", region_id="east")
    assert not can_read(manager, owner_id="rep-e", region_id="east")
    assert not can_read(manager, owner_id="", region_id="east")
    rep = scope_for(role="rep", user_id="rep-s", region_ids=["south"], people=["rep-x"])
    assert not can_read(rep, owner_id="rep-x", region_id="south")


def test_the_directory_is_asked_only_when_a_managers_people_can_change_the_answer() -> None:
    """Asked for a held record outside the manager's regions; never for his own region's,
    an unheld record, or anyone who is not a manager."""
    assert needs_people(role="manager", owner_id="rep-s", region_id="east",
                        region_ids=("south",))
    assert not needs_people(role="manager", owner_id="rep-s", region_id="south",
                            region_ids=("south",))
    assert not needs_people(role="manager", owner_id="", region_id="east",
                            region_ids=("south",))
    for role in ("rep", "director", "admin", "engineer", "finance"):
        assert not needs_people(role=role, owner_id="rep-s", region_id="east",
                                region_ids=("south",))


def test_a_managers_handover_of_one_of_his_people_moves_their_records_everywhere() -> None:
    manager = Principal(user_id="m", username="m", role="manager", region_ids=("south",))
    assert handover_scope(manager) == ("south",)
    assert handover_scope(manager, leaver_id="rep-s", people={"rep-s"}) is None
    assert handover_scope(manager, leaver_id="rep-e", people={"rep-s"}) == ("south",)
    director = Principal(user_id="d", username="d", role="director")
    assert handover_scope(director, leaver_id="x") is None
    with pytest.raises(PermissionDenied):
        handover_scope(Principal(user_id="r", username="r", role="rep"), leaver_id="r",
                       people={"r"})
