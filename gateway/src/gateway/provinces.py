"""Mainland province-level names and the demo company's sales regions.

Pure data and functions, no I/O: the seed writes these into the database, and
`normalize_province` turns whatever a web form sends (江苏, 江苏省, 广西壮族自治区)
into the short name the `province_regions` table is keyed by.
"""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.provinces import MAINLAND_PROVINCES, short_province


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


def region_code_for(raw: str) -> str:
    """The region code a province belongs to; unknown or empty input goes to the default."""
    short = short_province(raw)
    for region in REGIONS:
        if short in region.provinces:
            return region.code
    return DEFAULT_REGION_CODE
