"""The six qualified fields that replace the old 15-field form, and how input becomes them.

- company_scale: `lt50`, `50_200`, `200_1000`, `gt1000` (人). Input may also be the
  labels people write: `<50`, `50-200`, `200-1000`, `>1000`, `50人以下`, `1000人以上`,
  and the size classes of the national SME standard (工信部联企业〔2011〕300号, industry:
  大型 ≥1000 人, 中型 300-1000, 小型 20-300, 微型 <20), each to the bucket holding most
  of its range: 大型 → gt1000, 中型 → 200_1000, 小型 → 50_200, 微型 → lt50 (also with
  企业, and large / medium / small / micro).
- budget: stored as integer fen, never a float. The API takes either `budget_fen`
  (a JSON integer) or `budget_yuan`, a decimal string in 元 with at most two decimals,
  optionally with a 万 suffix ("12.5", "50万", "1,200,000.00") - what sales people type.
- urgency: high / medium / low; 高 / 中 / 低 (and 紧急, 一般, 不急) are accepted.
- decision chain: who decides and who influences, as (name, title, role) members with
  role one of decider / influencer / user.
- pain point: free text; tags: up to 20 short labels, de-duplicated, order kept.

Every parser raises InvalidField naming the request field, with a zh-CN message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from leads.domain.normalise import InvalidField, clean_text, folded, free_text, half_width

SCALES = ("lt50", "50_200", "200_1000", "gt1000")
SCALE_LABELS = {"lt50": "50人以下", "50_200": "50-200人", "200_1000": "200-1000人",
                "gt1000": "1000人以上"}
_SCALE_ALIASES = {
    **{s: s for s in SCALES},
    "<50": "lt50", "50以下": "lt50", "50人以下": "lt50",
    "50-200": "50_200", "50-200人": "50_200",
    "200-1000": "200_1000", "200-1000人": "200_1000",
    ">1000": "gt1000", "1000以上": "gt1000", "1000人以上": "gt1000",
    **{alias: scale for scale, names in (
        ("gt1000", ("大型", "大型企业", "large")), ("200_1000", ("中型", "中型企业", "medium")),
        ("50_200", ("小型", "小型企业", "small")), ("lt50", ("微型", "微型企业", "micro")))
       for alias in names},
}
URGENCIES = ("high", "medium", "low")
URGENCY_LABELS = {"high": "高", "medium": "中", "low": "低"}
_URGENCY_ALIASES = {**{u: u for u in URGENCIES},
                    "高": "high", "紧急": "high", "中": "medium", "一般": "medium",
                    "低": "low", "不急": "low"}
ROLES = ("decider", "influencer", "user")
MAX_BUDGET_FEN = 10**15  # 10 万亿元: anything above is a typo, not a budget
_YUAN = re.compile(r"^(\d+(?:\.\d{1,2})?)$")
_WAN_YUAN = re.compile(r"^(\d+(?:\.\d{1,6})?)万$")
MAX_TAGS, MAX_TAG_LENGTH, MAX_CHAIN = 20, 30, 20


@dataclass(frozen=True)
class DecisionMaker:
    name: str
    title: str = ""
    role: str = "influencer"


def parse_scale(value: str) -> str:
    text = half_width(value).replace(" ", "").replace("～", "-").replace("~", "-")
    if not text:
        return ""
    scale = _SCALE_ALIASES.get(text.lower())
    if scale is None:
        raise InvalidField("company_scale", "公司规模应为 <50、50-200、200-1000 或 >1000 人，"
                                            "或 大型、中型、小型、微型")
    return scale


def parse_urgency(value: str) -> str:
    text = half_width(value).lower()
    if not text:
        return ""
    urgency = _URGENCY_ALIASES.get(text)
    if urgency is None:
        raise InvalidField("urgency", "紧急程度应为 高、中 或 低")
    return urgency


def check_budget_fen(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_BUDGET_FEN:
        raise InvalidField("budget_fen", "预算（分）应为 0 到 10^15 之间的整数")
    return value


def parse_budget_yuan(value: str, *, field: str = "budget_yuan") -> int | None:
    """元 as written ("12.50", "50万", "1,200,000") -> fen; empty -> None (unknown)."""
    text = half_width(value).replace(",", "").replace(" ", "").removesuffix("元")
    if not text:
        return None
    match = _WAN_YUAN.match(text) or _YUAN.match(text)
    if match is None:
        raise InvalidField(field, "预算应为金额（元），最多两位小数，例如 12.50 或 50万")
    try:
        yuan = Decimal(match.group(1)) * (10_000 if text.endswith("万") else 1)
    except InvalidOperation as error:  # pragma: no cover - the regex admits only numbers
        raise InvalidField(field, "预算格式不正确") from error
    fen = yuan * 100
    if fen != fen.to_integral_value():
        raise InvalidField(field, "预算最小单位为分")
    try:
        return check_budget_fen(int(fen))
    except InvalidField as error:
        raise InvalidField(field, error.message) from error


def clean_tags(values: list[str]) -> list[str]:
    tags: list[str] = []
    seen: set[str] = set()
    for value in values:
        tag = free_text("tags", value, max_length=MAX_TAG_LENGTH)
        if tag and folded(tag) not in seen:  # 「A，B」 and 「A,B」 are one tag, kept as first typed
            seen.add(folded(tag))
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InvalidField("tags", f"标签不能超过 {MAX_TAGS} 个")
    return tags


def clean_chain(members: list[DecisionMaker]) -> list[DecisionMaker]:
    if len(members) > MAX_CHAIN:
        raise InvalidField("decision_chain", f"决策链成员不能超过 {MAX_CHAIN} 人")
    cleaned = []
    for m in members:
        role = m.role.strip().lower() or "influencer"
        if role not in ROLES:
            raise InvalidField("decision_chain", "角色应为 decider、influencer 或 user")
        name = clean_text("decision_chain", m.name, max_length=50)
        title = clean_text("decision_chain", m.title, max_length=50)
        if not name and not title:
            raise InvalidField("decision_chain", "决策链成员需要姓名或职务")
        cleaned.append(DecisionMaker(name=name, title=title, role=role))
    return cleaned
