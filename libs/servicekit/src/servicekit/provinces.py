"""Mainland China's 31 province-level divisions, by short and full name: reference data
every process needs (the gateway maps them to regions, the leads service validates them),
kept once here.

The short name (江苏, 广西, 北京) is what sales people say and what is stored. Hong Kong,
Macao and Taiwan are not mainland sales territories for our users and are not listed.
"""

from __future__ import annotations

# short name -> official full name
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

# Every accepted spelling -> short name; the informal ones are common on web forms.
_SPELLINGS: dict[str, str] = {
    **{short: short for short in FULL_NAMES},
    **{full: short for short, full in FULL_NAMES.items()},
    "广西自治区": "广西", "宁夏自治区": "宁夏", "新疆自治区": "新疆", "内蒙": "内蒙古",
}


def short_province(name: str) -> str | None:
    """The short name of a mainland province-level division, or None if it is not one.
    Inner spaces (copy-paste from documents) are ignored."""
    return _SPELLINGS.get("".join(name.split()))
