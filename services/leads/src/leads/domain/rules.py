"""Assignment rules: which leads a rule takes, and who it hands them to. Pure Python.

Rules are ordered; the first enabled rule whose every condition holds wins. An empty
condition matches anything, so a rule without conditions is a catch-all. A lead without
a score counts as 0, so "score at least 60" never takes an unscored lead.

Targets: `team` (a list of reps, weighted round-robin among them), `region` (every
active rep of one region, the same team the default region round-robin uses) or
`person` (one rep).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from servicekit.invalid import Problems

from leads.domain.normalise import InvalidField, half_width, without_controls
from leads.domain.provinces import short_province

TEAM, REGION, PERSON = "team", "region", "person"
TARGET_KINDS = (TEAM, REGION, PERSON)
_SOURCE = re.compile(r"^[a-z0-9][a-z0-9_.:-]{0,63}$")
_MAX_LIST = 100


@dataclass(frozen=True)
class LeadFacts:
    """What rules look at; `score` is None until the lead is scored."""

    province: str
    region_id: str
    industry: str
    source: str
    score: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    position: int = 0
    enabled: bool = True
    provinces: tuple[str, ...] = ()
    region_ids: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    score_min: int | None = None
    score_max: int | None = None
    target_kind: str = TEAM
    target_user_ids: tuple[str, ...] = ()
    target_region_id: str = ""
    updated_at: datetime | None = None

    @property
    def team_key(self) -> str | None:
        """Whose round-robin state this rule's picks advance; a person needs none."""
        if self.target_kind == REGION:
            return region_team_key(self.target_region_id)
        return f"rule:{self.id}" if self.target_kind == TEAM else None


def region_team_key(region_id: str) -> str:
    return f"region:{region_id}"


def _fold(text: str) -> str:
    return half_width(text).casefold()


def matches(rule: Rule, facts: LeadFacts) -> bool:
    score = facts.score or 0
    return (rule.enabled
            and (not rule.provinces or facts.province in rule.provinces)
            and (not rule.region_ids or facts.region_id in rule.region_ids)
            and (not rule.industries
                 or _fold(facts.industry) in {_fold(i) for i in rule.industries})
            and (not rule.sources or facts.source in rule.sources)
            and (rule.score_min is None or score >= rule.score_min)
            and (rule.score_max is None or score <= rule.score_max))


def matching(rules: Iterable[Rule], facts: LeadFacts) -> list[Rule]:
    """Every matching rule, first first; the caller falls through when a target is empty."""
    return [r for r in sorted(rules, key=lambda r: (r.position, r.id)) if matches(r, facts)]


def _texts(field: str, values: Sequence[str], max_length: int = 100) -> tuple[str, ...]:
    if len(values) > _MAX_LIST:
        raise InvalidField(field, f"最多 {_MAX_LIST} 项")
    cleaned = [half_width(without_controls(v)) for v in values]
    if any(not v or len(v) > max_length for v in cleaned):
        raise InvalidField(field, f"每项不能为空且不超过 {max_length} 个字符")
    return tuple(dict.fromkeys(cleaned))


def _provinces(values: Sequence[str]) -> tuple[str, ...]:
    shorts = [short_province(half_width(v)) for v in _texts("match.provinces", values)]
    if any(s is None for s in shorts):
        raise InvalidField("match.provinces", "请填写中国大陆的省级行政区名称，例如 江苏")
    return tuple(dict.fromkeys(s for s in shorts if s))


def _score(field: str, value: int | None) -> int | None:
    if value is not None and not 0 <= value <= 100:
        raise InvalidField(field, "分数须在 0 到 100 之间")
    return value


def _name(value: str) -> str:
    name = half_width(without_controls(value))
    if not name or len(name) > 100:
        raise InvalidField("name", "规则名称不能为空且不超过 100 个字符")
    return name


def _sources(values: Sequence[str]) -> tuple[str, ...]:
    sources = _texts("match.sources", values, max_length=64)
    if any(not _SOURCE.match(s) for s in sources):
        raise InvalidField("match.sources", "来源标识无效，例如 web_form")
    return sources


def _target(rule: Rule) -> tuple[tuple[str, ...], str]:
    """The target's (user ids, region id) for its kind."""
    if rule.target_kind not in TARGET_KINDS:
        raise InvalidField("target.kind", "目标类型须为 team、region 或 person")
    users = _texts("target.user_ids", rule.target_user_ids, max_length=64)
    if rule.target_kind == TEAM and not users:
        raise InvalidField("target.user_ids", "团队至少需要一名销售")
    if rule.target_kind == PERSON and len(users) != 1:
        raise InvalidField("target.user_id", "请指定一名销售")
    region = half_width(rule.target_region_id)
    if rule.target_kind == REGION and not region:
        raise InvalidField("target.region_id", "请指定区域")
    return (users, "") if rule.target_kind != REGION else ((), region)


def validated(rule: Rule) -> Rule:
    """The rule with normalised conditions, or InvalidField naming every bad request
    field (`violations`, in the request's order), not just the first."""
    found = Problems()
    name = found.take(_name, rule.name, default="")
    provinces = found.take(_provinces, rule.provinces, default=())
    region_ids = found.take(_texts, "match.region_ids", rule.region_ids, 64, default=())
    industries = found.take(_texts, "match.industries", rule.industries, default=())
    sources = found.take(_sources, rule.sources, default=())
    score_min = found.take(_score, "match.score_min", rule.score_min, default=None)
    score_max = found.take(_score, "match.score_max", rule.score_max, default=None)
    if score_min is not None and score_max is not None and score_min > score_max:
        found.add("match.score_max", "最高分不能低于最低分")
    users, region = found.take(_target, rule, default=((), ""))
    found.raise_if_any()
    return Rule(
        id=rule.id, name=name, position=rule.position, enabled=rule.enabled,
        provinces=provinces, region_ids=region_ids, industries=industries, sources=sources,
        score_min=score_min, score_max=score_max, target_kind=rule.target_kind,
        target_user_ids=users, target_region_id=region,
    )


def reordered(current: Sequence[str], wanted: Sequence[str]) -> list[str]:
    """The new order must name every rule exactly once, so nobody's rule is lost."""
    if len(set(wanted)) != len(wanted) or set(wanted) != set(current):
        raise InvalidField("rule_ids", "须恰好列出全部规则各一次")
    return list(wanted)
