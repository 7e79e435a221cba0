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
