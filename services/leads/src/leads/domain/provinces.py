"""Mainland China's 31 province-level divisions, by short and full name.

Leads store the short name (江苏, 广西, 北京), which is what sales people say and what
the gateway's region mapping is keyed on. Hong Kong, Macao and Taiwan are not mainland
sales territories for our users and are rejected like any other unknown name.
"""

from __future__ import annotations

# short name -> official full name
FULL_NAMES: dict[str, str] = {
    "北京": "北京市",
    "天津": "天津市",
    "上海": "上海市",
    "重庆": "重庆市",
    "河北": "河北省",
    "山西": "山西省",
    "辽宁": "辽宁省",
    "吉林": "吉林省",
    "黑龙江": "黑龙江省",
    "江苏": "江苏省",
    "浙江": "浙江省",
    "安徽": "安徽省",
    "福建": "福建省",
    "江西": "江西省",
    "山东": "山东省",
    "河南": "河南省",
    "湖北": "湖北省",
    "湖南": "湖南省",
    "广东": "广东省",
    "海南": "海南省",
    "四川": "四川省",
    "贵州": "贵州省",
    "云南": "云南省",
    "陕西": "陕西省",
    "甘肃": "甘肃省",
    "青海": "青海省",
    "内蒙古": "内蒙古自治区",
    "广西": "广西壮族自治区",
    "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
}

# Every accepted spelling -> short name. "广西自治区" and "宁夏自治区" are common
# informal spellings on web forms, so they are accepted too.
_ALIASES: dict[str, str] = {
    **{short: short for short in FULL_NAMES},
    **{full: short for short, full in FULL_NAMES.items()},
    "广西自治区": "广西",
    "宁夏自治区": "宁夏",
    "新疆自治区": "新疆",
}


def short_province(name: str) -> str | None:
    """The short name of a mainland province-level division, or None if it is not one."""
    return _ALIASES.get(name.strip())
