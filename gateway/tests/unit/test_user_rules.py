"""What an admin may write about a person, judged before anything is stored."""

import uuid

import pytest
from gateway.user_rules import Known, Shape, check_password, check_shape, normal_username
from servicekit.invalid import InvalidField

EAST, SOUTH = uuid.uuid4(), uuid.uuid4()
ENGINEERING = uuid.uuid4()
BOSS = uuid.uuid4()
KNOWN = Known(region_ids=frozenset({EAST, SOUTH}), department_ids=frozenset({ENGINEERING}),
              manager=("manager", True))


def shape(role: str = "rep", **changes: object) -> Shape:
    fields: dict[str, object] = {"user_id": None, "role": role, "region_id": EAST,
                                 "department_id": None, "manager_id": BOSS,
                                 "managed_region_ids": ()}
    fields.update(changes)
    return Shape(**fields)  # type: ignore[arg-type]


def refused(check: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(InvalidField) as caught:
        check(*args, **kwargs)  # type: ignore[operator]
    return caught.value.field


def test_a_rep_in_a_known_region_reporting_to_a_manager_is_sound() -> None:
    check_shape(shape(), KNOWN)


@pytest.mark.parametrize(("bad", "known", "field"), [
    (shape(region_id=uuid.uuid4()), KNOWN, "region_id"),
    (shape(region_id=None), KNOWN, "region_id"),
    (shape("engineer", region_id=None, manager_id=None), KNOWN, "department_id"),
    (shape("engineer", department_id=uuid.uuid4()), KNOWN, "department_id"),
    (shape("manager", manager_id=None), KNOWN, "managed_region_ids"),
    (shape("manager", manager_id=None, managed_region_ids=(uuid.uuid4(),)), KNOWN,
     "managed_region_ids"),
    (shape("rep", managed_region_ids=(EAST,)), KNOWN, "managed_region_ids"),
    (shape(), Known(KNOWN.region_ids, KNOWN.department_ids, manager=("rep", True)),
     "manager_id"),
    (shape(), Known(KNOWN.region_ids, KNOWN.department_ids, manager=("manager", False)),
     "manager_id"),
    (shape(), Known(KNOWN.region_ids, KNOWN.department_ids, manager=None), "manager_id"),
    (shape("manager", managed_region_ids=(EAST,)), KNOWN, "manager_id"),  # a manager's boss
])
def test_each_unsound_field_is_named(bad: Shape, known: Known, field: str) -> None:
    assert refused(check_shape, bad, known) == field


def test_nobody_reports_to_themselves_or_to_someone_below_them() -> None:
    me = uuid.uuid4()
    assert refused(check_shape, shape(user_id=me, manager_id=me), KNOWN) == "manager_id"
    below = Known(KNOWN.region_ids, KNOWN.department_ids, manager=("manager", True),
                  manager_chain=(BOSS, me))
    assert refused(check_shape, shape(user_id=me), below) == "manager_id"


def test_engineers_may_report_to_their_team_lead() -> None:
    lead = Known(KNOWN.region_ids, KNOWN.department_ids, manager=("engineer", True))
    check_shape(shape("engineer", region_id=None, department_id=ENGINEERING), lead)


def test_usernames_are_stored_lower_case_in_a_plain_charset() -> None:
    assert normal_username("  Rep21 ") == "rep21"
    assert normal_username("wang.wei_2-east") == "wang.wei_2-east"
    for bad in ("x", "-rep", "王伟", "rep 21", "a" * 33, "rep@east"):
        assert refused(normal_username, bad) == "username"


def test_passwords_follow_the_policy() -> None:
    check_password("Sales2026!", username="rep21")
    for weak in ("short1!", "onlyletters", "1234567890123", "rep21-2026-x", "ab1ab1ab1ab1"):
        assert refused(check_password, weak, username="rep21") == "password"
    assert refused(check_password, "short", username="x", field="new_password") == \
        "new_password"


@pytest.mark.parametrize("role", ["rep", "manager"])
def test_sales_people_join_no_work_order_department(role: str) -> None:
    """A functional department's members read its whole queue: a rep or manager stays out;
    an engineer belongs there, and a sales department (not listed functional) is fine."""
    queues = Known(KNOWN.region_ids, KNOWN.department_ids, manager=("director", True),
                   functional_department_ids=frozenset({ENGINEERING}))
    managed = (EAST,) if role == "manager" else ()
    placed = shape(role, department_id=ENGINEERING, managed_region_ids=managed)
    assert refused(check_shape, placed, queues) == "department_id"
    check_shape(shape("engineer", department_id=ENGINEERING, region_id=None), queues)
    check_shape(placed, Known(KNOWN.region_ids, KNOWN.department_ids,
                              manager=("director", True)))
