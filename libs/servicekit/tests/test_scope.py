"""Every service scopes records the same way: a rep their own, a manager their regions,
director/admin everything, anyone else nothing."""

from servicekit.scope import Scope, can_read, scope_for


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
