import pytest
from gateway.provinces import ALL_REGIONS, MAINLAND_PROVINCES, region_code_for
from servicekit.provinces import short_province


def test_there_are_31_mainland_province_level_names_each_in_exactly_one_region() -> None:
    assert len(MAINLAND_PROVINCES) == 31
    listed = [p for r in ALL_REGIONS for p in r.provinces]
    assert sorted(listed) == sorted(MAINLAND_PROVINCES)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("江苏", "east"), ("江苏省", "east"), ("上海市", "east"), ("安徽", "east"),
        ("广东省", "south"), ("广西壮族自治区", "south"), ("福建", "south"),
        ("北京市", "north"), ("天津", "north"), ("山东省", "north"),
        ("四川", "west"), ("重庆市", "west"), ("云南省", "west"), ("贵州", "west"),
    ],
)
def test_provinces_named_in_the_issue_map_to_their_region(raw: str, code: str) -> None:
    assert region_code_for(raw) == code


@pytest.mark.parametrize(
    "raw", ["新疆", "新疆维吾尔自治区", "内蒙古自治区", "黑龙江省", "", "火星", "台湾"]
)
def test_other_or_unknown_provinces_go_to_the_default_region(raw: str) -> None:
    assert region_code_for(raw) == "default"


def test_full_names_and_stray_spaces_normalize_to_the_short_name() -> None:
    assert short_province(" 宁夏回族自治区 ") == "宁夏"
    assert short_province("内蒙古") == "内蒙古"
    assert short_province("加州") is None
