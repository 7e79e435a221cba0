"""The rules of redrawing the region map, without a database."""

import pytest
from gateway.region_rules import (
    Move,
    RegionRuleError,
    check_name_free,
    plan_moves,
    provinces_asked,
)

MAP = {"江苏": "east", "湖北": "default", "湖南": "default", "河南": "default"}


def test_provinces_are_read_by_any_spelling_once_each() -> None:
    asked = provinces_asked(["湖北省", "湖北", " 湖 南 ", "广西壮族自治区"])
    assert asked == ("湖北", "湖南", "广西")


def test_a_name_that_is_no_mainland_province_is_refused_by_its_place() -> None:
    with pytest.raises(RegionRuleError) as refused:
        provinces_asked(["湖北", "香港"])
    assert refused.value.field == "provinces.1"
    assert "香港" in refused.value.message


def test_every_name_that_is_no_mainland_province_is_named_at_once() -> None:
    """An admin pasting a list with two typos corrects both in one go."""
    with pytest.raises(RegionRuleError) as refused:
        provinces_asked(["火星", "湖北", "香港", "湖南"])
    assert [f for f, _ in refused.value.errors] == ["provinces.0", "provinces.2"]
    assert refused.value.field == "provinces.0" and "香港" in refused.value.errors[1][1]


def test_a_province_moves_from_the_region_it_was_in_and_one_already_there_stays() -> None:
    assert plan_moves(["湖北", "江苏"], into="east", current=MAP, default_code="default") == [
        Move("湖北", "default")]
    assert plan_moves(["江苏"], into="east", current=MAP, default_code="default") == []


def test_a_province_no_region_had_yet_is_simply_placed() -> None:
    assert plan_moves(["西藏"], into="west", current=MAP, default_code="default") == [
        Move("西藏", None)]


def test_the_default_region_keeps_at_least_one_province() -> None:
    with pytest.raises(RegionRuleError) as refused:
        plan_moves(["湖北", "湖南", "河南"], into="central", current=MAP,
                   default_code="default")
    assert refused.value.field == "provinces"
    assert plan_moves(["湖北", "湖南"], into="central", current=MAP,
                      default_code="default") == [Move("湖北", "default"), Move("湖南", "default")]


def test_moving_provinces_back_into_the_default_region_is_always_allowed() -> None:
    only_east = {"江苏": "east", "湖北": "default"}
    assert plan_moves(["江苏"], into="default", current=only_east,
                      default_code="default") == [Move("江苏", "east")]


def test_two_regions_never_share_a_name_but_a_region_keeps_its_own() -> None:
    taken = {"华东": "east", "华中": "central"}
    with pytest.raises(RegionRuleError) as refused:
        check_name_free("华东", taken=taken)
    assert (refused.value.field, "east" in refused.value.message) == ("name", True)
    check_name_free("华中", taken=taken, code="central")
    check_name_free("华中大区", taken=taken)
