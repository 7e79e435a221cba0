"""Company names: the key that says two spellings are one company. Shared: the leads
service matches customers on it, the pipeline its accounts.

The company key: one spelling per company, so 「江苏省苏州精工机械有限公司」 and
「精工机械（苏州）股份有限公司」 are recognised as the same customer.

Half-width first, then parenthesised regions dropped, legal suffixes stripped from the
end and regional prefixes (province, 省/市/自治区, major cities) from the start, each
repeatedly. A prefix or suffix is kept when removing it would leave fewer than two
characters: 「上海」 alone is a name, not a region. Pure; no I/O.
"""

from __future__ import annotations

import re

from servicekit.provinces import FULL_NAMES

# Full-width ASCII variants (U+FF01..U+FF5E) sit exactly 0xFEE0 above their
# half-width forms; U+3000 is the ideographic space. Chinese punctuation such as
# 。、《》 has no half-width form and is left alone (NFKC would change more than that).
FULL_TO_HALF = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def half_width(text: str) -> str:
    r"""Full-width letters, digits, punctuation and spaces to half-width; whitespace collapsed.

    As `re.sub(r"\s+", " ", text.translate(FULL_TO_HALF)).strip()`, at less than half the
    CPU (an import folds four cells a row): ASCII text has nothing to translate, and
    str.split() with no argument splits on exactly the characters `\s` matches in a str
    pattern (both Py_UNICODE_ISSPACE; a test compares them for every code point)."""
    if not text.isascii():
        text = text.translate(FULL_TO_HALF)
    return " ".join(text.split())


# Longest first, so 股份有限公司 goes before 有限公司 and 公司.
_SUFFIXES = sorted((
    "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "有限公司", "集团公司",
    "集团", "公司", "分公司", "co.,ltd.", "co.,ltd", "co. ltd.", "co., ltd.", "co., ltd",
    "co ltd", "ltd.", "ltd", "inc.", "inc", "corp.", "corp", "limited", "company", "group",
), key=len, reverse=True)

# Prefecture-level cities that most often open a company name in our customers' regions.
_CITIES = (
    "苏州", "无锡", "常州", "南京", "南通", "扬州", "镇江", "泰州", "徐州", "盐城", "淮安",
    "连云港", "宿迁", "杭州", "宁波", "温州", "绍兴", "嘉兴", "湖州", "金华", "台州", "舟山",
    "合肥", "芜湖", "广州", "深圳", "东莞", "佛山", "中山", "珠海", "惠州", "江门", "汕头",
    "厦门", "福州", "泉州", "济南", "青岛", "烟台", "潍坊", "淄博", "郑州", "洛阳", "武汉",
    "长沙", "株洲", "南昌", "成都", "绵阳", "德阳", "贵阳", "昆明", "西安", "兰州", "西宁",
    "沈阳", "大连", "长春", "哈尔滨", "石家庄", "唐山", "保定", "太原", "呼和浩特", "包头",
    "南宁", "柳州", "海口", "拉萨", "银川", "乌鲁木齐", "昆山", "江阴", "张家港", "常熟",
    "义乌", "慈溪",
)
_REGION_WORDS = {*FULL_NAMES, *FULL_NAMES.values(), *_CITIES, *(c + "市" for c in _CITIES),
                 *(p + "省" for p in FULL_NAMES), "中国", "中国区"}
_PREFIXES = sorted(_REGION_WORDS, key=len, reverse=True)


def _by_char(words: list[str], pick: int) -> dict[str, tuple[str, ...]]:
    """Words grouped by their first (pick=0) or last (pick=-1) character, longest first.

    Only words sharing the text's first (last) character can be its prefix (suffix), so
    looking in that group finds the same word the longest-first scan of all ~250 would,
    without ~250 startswith calls per name (that scan was half of an import's CPU)."""
    groups: dict[str, list[str]] = {}
    for word in words:  # already longest first; the groups keep that order
        groups.setdefault(word[pick], []).append(word)
    return {char: tuple(group) for char, group in groups.items()}


_SUFFIXES_BY_LAST = _by_char(_SUFFIXES, -1)
_PREFIXES_BY_FIRST = _by_char(_PREFIXES, 0)
_PROVINCE_WORDS = {*FULL_NAMES, *FULL_NAMES.values(), *(p + "省" for p in FULL_NAMES)}
_PROVINCES_BY_FIRST = _by_char(sorted(_PROVINCE_WORDS, key=len, reverse=True), 0)
_PARENTHESISED = re.compile(r"[(\[【]([^)\]】]*)[)\]】]")
_NOISE = re.compile(r"[\s.,·\-_'\"&()（）]+")
_MIN_KEY = 2


def _drop_regions_in_brackets(text: str, regions: set[str]) -> str:
    return _PARENTHESISED.sub(lambda m: "" if m.group(1).strip() in regions else m.group(1),
                              text)


def _strip_suffixes(text: str) -> str:
    changed = True
    while changed and text:
        changed = False
        for suffix in _SUFFIXES_BY_LAST.get(text[-1], ()):
            if not text.endswith(suffix):
                continue
            rest = text[: -len(suffix)].rstrip(" ,.")
            if len(rest) >= _MIN_KEY:
                text, changed = rest, True
                break
    return text


def _strip_prefixes(text: str, by_first: dict[str, tuple[str, ...]]) -> str:
    changed = True
    while changed and text:
        changed = False
        for prefix in by_first.get(text[0], ()):
            if text.startswith(prefix) and len(text) - len(prefix) >= _MIN_KEY:
                text, changed = text[len(prefix):], True
                break
    return text


def company_key(name: str, *, strip_cities: bool = True) -> str:
    """The matching key of a company name; empty for an empty name.

    With `strip_cities` (the leads dedupe, where the contact name must match too) city
    prefixes go as well; without it (pipeline accounts, matched on the key alone) only
    provinces do, so 苏州精工机械 and 无锡精工机械 stay two companies."""
    regions = _REGION_WORDS if strip_cities else _PROVINCE_WORDS
    text = half_width(name).casefold()
    text = _drop_regions_in_brackets(text.replace("（", "(").replace("）", ")"), regions)
    text = _strip_suffixes(text)
    text = _strip_prefixes(text, _PREFIXES_BY_FIRST if strip_cities else _PROVINCES_BY_FIRST)
    return _NOISE.sub("", text)
