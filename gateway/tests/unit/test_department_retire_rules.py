"""What keeps a department from retiring, as the admin reads it."""

import uuid

import pytest
from gateway.department_retire import blockers
from gateway.user_rules import InvalidField, Known, Shape, check_shape


def test_an_empty_department_with_no_live_orders_may_retire() -> None:
    assert blockers(name="质量部", members=0, open_orders=0) is None


def test_people_and_orders_are_both_counted_and_named() -> None:
    problem = blockers(name="质量部", members=3, open_orders=2)
    assert problem is not None
    assert (problem.status, problem.extensions) == (409, {"members": 3, "open_work_orders": 2})
    assert problem.detail == ("部门「质量部」仍有 3 名在职成员、2 张进行中的工单："
                              "请先把成员调到其他部门、把工单办结或取消，再撤销")


def test_only_what_blocks_is_named() -> None:
    orders_only = blockers(name="质量部", members=0, open_orders=1)
    assert orders_only is not None and orders_only.field == "open_work_orders"
    assert "成员" not in orders_only.detail
    people_only = blockers(name="质量部", members=1, open_orders=0)
    assert people_only is not None and people_only.field == "members"
    assert "工单" not in people_only.detail


def test_no_one_joins_a_retired_department_but_its_last_members_may_stay() -> None:
    retired = uuid.uuid4()
    known = Known(region_ids=frozenset(), department_ids=frozenset({retired}), manager=None,
                  retired_department_ids=frozenset({retired}))
    joining = Shape(None, "finance", None, retired, None, (), check_manager=False)
    with pytest.raises(InvalidField) as refused:
        check_shape(joining, known)
    assert refused.value.field == "department_id"
    check_shape(joining, Known(region_ids=frozenset(), department_ids=frozenset({retired}),
                               manager=None))  # already in it: not among the refused ids
