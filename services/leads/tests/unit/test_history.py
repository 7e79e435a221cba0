import pytest
from leads.domain.history import MergeConflict, check_merge, summarise
from leads.domain.normalise import InvalidField, normalise_wechat_id


def test_a_touch_summary_says_who_where_and_the_first_line_of_the_message() -> None:
    text = summarise(company="精工机械", name="王伟", title="采购经理", event="工博会",
                     booth="A12", message="想要报价\n第二行")
    assert text == "精工机械 王伟 采购经理 @工博会 A12：想要报价"
    assert len(summarise(company="x", name="y", message="长" * 1000)) == 300


def test_a_lead_cannot_be_merged_into_itself() -> None:
    with pytest.raises(InvalidField) as error:
        check_merge(survivor_id="A", survivor_merged_into="", other_id="A", other_merged_into="")
    assert error.value.field == "other_lead_id"


@pytest.mark.parametrize(("survivor_in", "other_in"), [("X", ""), ("", "X")])
def test_a_lead_merged_elsewhere_can_neither_survive_nor_be_merged_again(
    survivor_in: str, other_in: str,
) -> None:
    with pytest.raises(MergeConflict):
        check_merge(survivor_id="A", survivor_merged_into=survivor_in, other_id="B",
                    other_merged_into=other_in)


def test_a_lead_that_became_a_deal_may_survive_a_merge_but_not_be_merged_away() -> None:
    with pytest.raises(MergeConflict):
        check_merge(survivor_id="A", survivor_merged_into="", other_id="B",
                    other_merged_into="", other_status="qualified")
    check_merge(survivor_id="A", survivor_merged_into="", other_id="B", other_merged_into="",
                other_status="contacted")


def test_wechat_ids_are_matched_without_case_and_must_look_like_one() -> None:
    assert normalise_wechat_id(" WX_Abc-123 ") == "wx_abc-123"
    with pytest.raises(InvalidField) as error:
        normalise_wechat_id("微信号")
    assert error.value.field == "wechat_id"


def test_intake_notes_follow_the_line_and_are_never_cut_off() -> None:
    line = summarise(company="精工机械", name="王伟", message="想要报价" * 200,
                     notes=("分机 801", "客户填写的省份「火星」无法识别"))
    assert len(line) <= 300
    assert line.endswith("【分机 801；客户填写的省份「火星」无法识别】")
    assert line.startswith("精工机械 王伟：想要报价")
