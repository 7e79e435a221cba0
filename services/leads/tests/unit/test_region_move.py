"""A lead follows the customer's province to its region: who moves, what the history
says, and what a rep or manager may set as the province."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from leads.domain import region_move
from leads.domain.assignment import Candidate, Decision
from leads.domain.commands import UpdateQualification
from leads.domain.model import ASSIGNED, NEW, UNASSIGNABLE, Lead
from leads.domain.normalise import InvalidField

NOW = datetime(2026, 11, 27, 2, tzinfo=UTC)


def placed(status: str = ASSIGNED, *, region_id: str = "other", province: str = "江苏",
           province_source: str = "mobile") -> Lead:
    return Lead(id="L1", source="trade_show", created_at=NOW, phone="+8613812345678",
                province=province, province_source=province_source, region_id=region_id,
                status=status, owner_id="rep-1" if status == ASSIGNED else "")


def test_a_placed_lead_moves_when_its_province_lies_in_another_region() -> None:
    assert region_move.must_move(placed(), "south")
    assert not region_move.must_move(placed(region_id="south"), "south")


def test_a_lead_not_placed_yet_or_without_a_province_stays() -> None:
    assert not region_move.must_move(placed(NEW, region_id=""), "south")  # assigned later
    assert not region_move.must_move(placed(province="", province_source=""), "south")


def test_the_owner_stays_and_only_a_lead_nobody_took_is_offered_again() -> None:
    owned = placed()
    assert region_move.move(owned, region_id="south") is False
    assert (owned.region_id, owned.status, owned.owner_id) == ("south", ASSIGNED, "rep-1")
    stuck = placed(UNASSIGNABLE)
    assert region_move.move(stuck, region_id="south") is True
    assert (stuck.region_id, stuck.status) == ("south", NEW)
    stuck.assign(Decision(Candidate("rep-s", "rep_s"), "华南区域轮询"), region_id="south",
                 now=NOW)
    assert (stuck.status, stuck.owner_id) == (ASSIGNED, "rep-s")


def test_the_history_line_says_who_set_it_from_where_to_where() -> None:
    by_rep = region_move.Move("广东", "其他", "华南", by="周婷", reoffered=False)
    assert by_rep.line == "周婷 将省份改为 广东：线索由 其他 转入 华南，负责人不变"
    by_customer = region_move.Move("广东", "其他", "华南", by="", reoffered=True)
    assert by_customer.line == "客户补全省份 广东：线索由 其他 转入 华南，重新分配"
    decision = region_move.moved_reason(Decision(None, "华南区域无人可分配"), by_rep)
    assert decision.reason == "省份改为 广东，由 其他 转入 华南；华南区域无人可分配"


def test_a_province_set_by_hand_becomes_the_given_one() -> None:
    lead = placed()
    lead.update_qualification(UpdateQualification(lead_id="L1", province="广东省"))
    assert (lead.province, lead.province_source) == ("广东", "given")


@pytest.mark.parametrize("text", ["", "  ", "火星"])
def test_a_province_cannot_be_cleared_or_made_up(text: str) -> None:
    lead = placed()
    with pytest.raises(InvalidField) as error:
        lead.update_qualification(UpdateQualification(lead_id="L1", province=text,
                                                      urgency="超急"))
    assert [v[0] for v in error.value.violations] == ["urgency", "province"]
    assert (lead.province, lead.province_source, lead.urgency) == ("江苏", "mobile", "")
