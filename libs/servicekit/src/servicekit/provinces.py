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

# The one-character abbreviations (简称, as on number plates: 粤, 沪, 苏) and the common
# second ones (蜀, 黔, 滇, 秦, 陇), which customers type on forms too.
_ABBREVIATIONS: dict[str, str] = {
    "京": "北京", "津": "天津", "沪": "上海", "渝": "重庆", "冀": "河北", "晋": "山西",
    "辽": "辽宁", "吉": "吉林", "黑": "黑龙江", "苏": "江苏", "浙": "浙江", "皖": "安徽",
    "闽": "福建", "赣": "江西", "鲁": "山东", "豫": "河南", "鄂": "湖北", "湘": "湖南",
    "粤": "广东", "琼": "海南", "川": "四川", "蜀": "四川", "贵": "贵州", "黔": "贵州",
    "云": "云南", "滇": "云南", "陕": "陕西", "秦": "陕西", "甘": "甘肃", "陇": "甘肃",
    "青": "青海", "蒙": "内蒙古", "桂": "广西", "藏": "西藏", "宁": "宁夏", "新": "新疆",
}
# Pinyin / English as an English-language form or an ad platform sends them, lower-cased
# without spaces; 陕西 is spelt Shaanxi to tell it from 山西 (Shanxi).
_LATIN: dict[str, str] = {
    "beijing": "北京", "tianjin": "天津", "shanghai": "上海", "chongqing": "重庆",
    "hebei": "河北", "shanxi": "山西", "liaoning": "辽宁", "jilin": "吉林",
    "heilongjiang": "黑龙江", "jiangsu": "江苏", "zhejiang": "浙江", "anhui": "安徽",
    "fujian": "福建", "jiangxi": "江西", "shandong": "山东", "henan": "河南",
    "hubei": "湖北", "hunan": "湖南", "guangdong": "广东", "hainan": "海南",
    "sichuan": "四川", "guizhou": "贵州", "yunnan": "云南", "shaanxi": "陕西",
    "gansu": "甘肃", "qinghai": "青海", "innermongolia": "内蒙古", "neimenggu": "内蒙古",
    "neimongol": "内蒙古", "guangxi": "广西", "tibet": "西藏", "xizang": "西藏",
    "ningxia": "宁夏", "xinjiang": "新疆",
}
# "Shanghai City", "Guangdong Province", "Guangxi Zhuang Autonomous Region", "Beijing Shi".
_LATIN_SUFFIXES = ("municipality", "province", "city", "shi", "sheng",
                   "zhuangautonomousregion", "huiautonomousregion",
                   "uygurautonomousregion", "uyghurautonomousregion",
                   "autonomousregion", "zizhiqu")

# Every accepted spelling -> short name; the informal ones are common on web forms.
_SPELLINGS: dict[str, str] = {
    **{short: short for short in FULL_NAMES},
    **{full: short for short, full in FULL_NAMES.items()},
    "广西自治区": "广西", "宁夏自治区": "宁夏", "新疆自治区": "新疆", "内蒙": "内蒙古",
    "西藏自治区": "西藏", "内蒙古自治区": "内蒙古",
    "广西省": "广西", "内蒙古省": "内蒙古", "宁夏省": "宁夏", "新疆省": "新疆", "西藏省": "西藏",
    **_ABBREVIATIONS,
}


def short_province(name: str) -> str | None:
    """The short name of a mainland province-level division, or None if it is not one.
    Inner spaces (copy-paste from documents) and a Latin spelling's case are ignored."""
    text = "".join(name.split())
    found = _SPELLINGS.get(text)
    if found is None and text.isascii():
        return _latin(text.lower().replace("-", "").replace(".", ""))
    return found


def _latin(text: str) -> str | None:
    if text in _LATIN:
        return _LATIN[text]
    for suffix in _LATIN_SUFFIXES:
        if text.endswith(suffix) and text[: -len(suffix)] in _LATIN:
            return _LATIN[text[: -len(suffix)]]
    return None
