from datetime import UTC, datetime

import pytest
from leads.domain.commands import CreateLead, UpdateQualification
from leads.domain.lead_input import qualification_changes
from leads.domain.model import Lead
from leads.domain.normalise import InvalidField
from leads.domain.qualification import (
    DecisionMaker,
    clean_chain,
    clean_tags,
    parse_budget_yuan,
    parse_scale,
    parse_urgency,
)


@pytest.mark.parametrize(("text", "fen"), [
    ("12.5", 1250), ("12.50元", 1250), ("1,200,000", 120_000_000), ("50万", 50_000_000),
    ("１２", 1200), ("0.01", 1), ("", None), ("1.5万", 1_500_000),
])
def test_budget_in_yuan_becomes_integer_fen(text: str, fen: int | None) -> None:
    assert parse_budget_yuan(text) == fen


@pytest.mark.parametrize("text", ["12.345", "-5", "abc", "1e5", "12.3.4", "99999999999999万"])
def test_bad_budget_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidField) as error:
        parse_budget_yuan(text)
    assert error.value.field == "budget_yuan"


@pytest.mark.parametrize(("text", "scale"), [
    ("<50", "lt50"), ("50-200", "50_200"), ("200～1000", "200_1000"), (">1000", "gt1000"),
    ("1000人以上", "gt1000"), ("", ""),
])
def test_company_scale_accepts_what_people_write(text: str, scale: str) -> None:
    assert parse_scale(text) == scale


def test_unknown_scale_names_the_field() -> None:
    with pytest.raises(InvalidField) as error:
        parse_scale("很大")
    assert error.value.field == "company_scale"


@pytest.mark.parametrize(("text", "urgency"), [("高", "high"), ("中", "medium"), ("低", "low"),
                                               ("High", "high"), ("", "")])
def test_urgency_in_chinese_is_stored_in_english(text: str, urgency: str) -> None:
    assert parse_urgency(text) == urgency


def test_tags_are_deduplicated_in_order_and_capped() -> None:
    assert clean_tags(["重点", " 重点 ", "展会"]) == ["重点", "展会"]
    with pytest.raises(InvalidField):
        clean_tags([f"t{i}" for i in range(21)])


def test_decision_chain_roles_are_checked() -> None:
    assert clean_chain([DecisionMaker("张总", "总经理", "DECIDER")])[0].role == "decider"
    with pytest.raises(InvalidField) as error:
        clean_chain([DecisionMaker("张总", "", "boss")])
    assert error.value.field == "decision_chain"


def _lead() -> Lead:
    return Lead.create(CreateLead(source="web_form", phone="13812345678"), lead_id="l1",
                       now=datetime.now(UTC))


def test_updating_fields_rescores_the_lead() -> None:
    lead = _lead()
    before = lead.score
    lead.update_qualification(UpdateQualification("l1", urgency="高", budget_yuan="80万"))
    assert lead.urgency == "high" and lead.budget_fen == 80_000_000
    assert lead.score == before + 40
    assert {f.factor for f in lead.score_factors} >= {"urgency", "budget"}


def test_a_bad_field_changes_nothing() -> None:
    lead = _lead()
    with pytest.raises(InvalidField):
        lead.update_qualification(UpdateQualification("l1", urgency="高", company_scale="巨大"))
    assert lead.urgency == ""


def test_both_budgets_at_once_is_refused() -> None:
    with pytest.raises(InvalidField):
        _lead().update_qualification(UpdateQualification("l1", budget_fen=1, budget_yuan="1"))


def test_unset_fields_are_left_alone_and_budget_can_be_cleared() -> None:
    lead = _lead()
    lead.update_qualification(UpdateQualification("l1", budget_fen=500, pain_point="能耗高"))
    lead.update_qualification(UpdateQualification("l1", clear_budget=True))
    assert lead.budget_fen is None and lead.pain_point == "能耗高"


def test_a_patch_with_several_bad_fields_names_every_one_of_them() -> None:
    with pytest.raises(InvalidField) as error:
        qualification_changes(UpdateQualification(
            lead_id="L1", company_scale="巨大", budget_yuan="abc", urgency="超急",
            industry="机" * 101))
    assert [field for field, _ in error.value.violations] == [
        "industry", "company_scale", "budget_yuan", "urgency"]
