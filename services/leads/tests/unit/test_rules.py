import pytest
from leads.domain.normalise import InvalidField
from leads.domain.rules import (
    PERSON,
    REGION,
    TEAM,
    LeadFacts,
    Rule,
    matches,
    matching,
    reordered,
    validated,
)

FACTS = LeadFacts(province="江苏", region_id="east", industry="汽车零部件", source="web_form")


def rule(**fields: object) -> Rule:
    return Rule(**({"id": "r", "name": "规则", "target_user_ids": ("u1",)} | fields))


def test_a_rule_without_conditions_takes_every_lead() -> None:
    assert matches(rule(), FACTS)


@pytest.mark.parametrize(("condition", "hit"), [
    ({"provinces": ("江苏", "浙江")}, True),
    ({"provinces": ("广东",)}, False),
    ({"region_ids": ("east",)}, True),
    ({"region_ids": ("south",)}, False),
    ({"industries": ("汽车零部件",)}, True),
    ({"industries": ("光伏",)}, False),
    ({"sources": ("web_form", "baidu")}, True),
    ({"sources": ("trade_show",)}, False),
])
def test_every_condition_must_hold(condition: dict[str, object], hit: bool) -> None:
    assert matches(rule(**condition), FACTS) is hit


def test_industry_matches_ignoring_case_and_full_width() -> None:
    assert matches(rule(industries=("ＣＮＣ机床",)), LeadFacts("江苏", "e", "cnc机床", "web_form"))


def test_score_range_is_inclusive() -> None:
    ranged = rule(score_min=60, score_max=80)
    assert [matches(ranged, LeadFacts("江苏", "e", "", "x", score=s)) for s in (59, 60, 80, 81)] \
        == [False, True, True, False]


def test_a_lead_without_a_score_counts_as_zero() -> None:
    assert not matches(rule(score_min=1), FACTS)
    assert matches(rule(score_max=0), FACTS)


def test_a_disabled_rule_takes_nothing() -> None:
    assert not matches(rule(enabled=False), FACTS)


def test_rules_are_tried_in_their_order() -> None:
    first, second = rule(id="b", position=0), rule(id="a", position=1)
    other = rule(id="c", position=2, provinces=("广东",))
    assert matching([other, second, first], FACTS) == [first, second]


def test_a_valid_rule_is_normalised() -> None:
    clean = validated(rule(name=" 华东 ", provinces=("江苏省", "江苏", "浙江"),
                           industries=("汽车零部件",), score_min=60))
    assert (clean.name, clean.provinces, clean.score_min) == ("华东", ("江苏", "浙江"), 60)


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": ""}, "name"),
    ({"provinces": ("火星",)}, "match.provinces"),
    ({"sources": ("Web Form",)}, "match.sources"),
    ({"industries": ("",)}, "match.industries"),
    ({"score_min": 101}, "match.score_min"),
    ({"score_min": 80, "score_max": 60}, "match.score_max"),
    ({"target_kind": "robot"}, "target.kind"),
    ({"target_kind": TEAM, "target_user_ids": ()}, "target.user_ids"),
    ({"target_kind": PERSON, "target_user_ids": ("u1", "u2")}, "target.user_id"),
    ({"target_kind": REGION, "target_region_id": ""}, "target.region_id"),
])
def test_a_bad_rule_is_refused_naming_the_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidField) as error:
        validated(rule(**fields))
    assert error.value.field == field


def test_a_region_rule_shares_the_regions_round_robin_and_a_team_rule_has_its_own() -> None:
    assert rule(target_kind=REGION, target_region_id="east").team_key == "region:east"
    assert rule(id="r9").team_key == "rule:r9"
    assert rule(target_kind=PERSON).team_key is None


def test_a_new_order_must_name_every_rule_once() -> None:
    assert reordered(["a", "b", "c"], ["c", "a", "b"]) == ["c", "a", "b"]
    for wrong in (["a", "b"], ["a", "b", "c", "c"], ["a", "b", "x"]):
        with pytest.raises(InvalidField):
            reordered(["a", "b", "c"], wrong)


def test_a_rule_with_several_bad_fields_names_every_one_of_them() -> None:
    with pytest.raises(InvalidField) as error:
        validated(rule(name="", sources=("Web Form",), score_min=200, provinces=("火星",),
                       target_kind="team", target_user_ids=()))
    assert [field for field, _ in error.value.violations] == [
        "name", "match.provinces", "match.sources", "match.score_min", "target.user_ids"]
