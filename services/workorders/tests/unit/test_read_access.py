"""Who reads an order: a caller without an identity reads none, not every order that
nobody has taken yet (an unassigned order's assignee is "")."""

from workorders.domain.access import Actor, Visibility, can_read

UNTAKEN = Visibility(requester_id="rep01", assignee_id="", cc_ids=(), department_id="eng",
                     region_id="east")


def test_a_caller_without_a_user_id_reads_no_untaken_order() -> None:
    assert not can_read(Actor(user_id="", role="rep"), UNTAKEN)
    assert not can_read(Actor(user_id="", role="engineer"), UNTAKEN)


def test_the_requester_and_the_department_still_read_it() -> None:
    assert can_read(Actor(user_id="rep01", role="rep"), UNTAKEN)
    assert can_read(Actor(user_id="eng2", role="engineer", department_id="eng"), UNTAKEN)
    assert not can_read(Actor(user_id="rep02", role="rep"), UNTAKEN)
