"""Mainland province-level names and the demo company's sales regions.

Pure data and functions, no I/O: the seed writes these into the database, and
`normalize_province` turns whatever a web form sends (江苏, 江苏省, 广西壮族自治区)
into the short name the `province_regions` table is keyed by.
"""

from __future__ import annotations

from dataclasses import dataclass

# Short name -> official full name, for the 31 mainland province-level divisions.
FULL_NAMES: dict[str, str] = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市",
    "河北": "河北省", "山西": "山西省", "辽宁": "辽宁省", "吉林": "吉林省",
    "黑龙江": "黑龙江省", "江苏": "江苏省", "浙江": "浙江省", "安徽": "安徽省",
    "福建": "福建省", "江西": "江西省", "山东": "山东省", "河南": "河南省",
    "湖北": "湖北省", "湖南": "湖南省", "广东": "广东省", "海南": "海南省",
    "四川": "四川省", "贵州": "贵州省", "云南": "云南省", "陕西": "陕西省",
    "甘肃": "甘肃省", "青海": "青海省",
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
}
MAINLAND_PROVINCES: tuple[str, ...] = tuple(FULL_NAMES)

_BY_FULL_NAME = {full: short for short, full in FULL_NAMES.items()}
# Common shorter forms people type besides the official full name.
_ALIASES = {"广西自治区": "广西", "宁夏自治区": "宁夏", "新疆自治区": "新疆", "内蒙": "内蒙古"}


@dataclass(frozen=True)
class RegionSpec:
    code: str
    name: str
    provinces: tuple[str, ...]
    is_default: bool = False


DEFAULT_REGION_CODE = "default"

REGIONS: tuple[RegionSpec, ...] = (
    RegionSpec("east", "华东", ("江苏", "浙江", "上海", "安徽")),
    RegionSpec("south", "华南", ("广东", "福建", "广西")),
    RegionSpec("north", "华北", ("北京", "天津", "河北", "山东")),
    RegionSpec("west", "西南", ("四川", "重庆", "云南", "贵州")),
)
_MAPPED = {p for r in REGIONS for p in r.provinces}
DEFAULT_REGION = RegionSpec(
    DEFAULT_REGION_CODE,
    "其他",
    tuple(p for p in MAINLAND_PROVINCES if p not in _MAPPED),
    is_default=True,
)
ALL_REGIONS: tuple[RegionSpec, ...] = (*REGIONS, DEFAULT_REGION)


def normalize_province(raw: str) -> str | None:
    """The short name of a mainland province-level division, or None if it is not one."""
    name = "".join(raw.split())  # full-width and inner spaces from copy-paste
    if name in FULL_NAMES:
        return name
    return _BY_FULL_NAME.get(name) or _ALIASES.get(name)


def region_code_for(raw: str) -> str:
    """The region code a province belongs to; unknown or empty input goes to the default."""
    short = normalize_province(raw)
    for region in REGIONS:
        if short in region.provinces:
            return region.code
    return DEFAULT_REGION_CODE
