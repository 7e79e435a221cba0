"""The outcome of assigning a lead, and the zh-CN reason a manager reads on it (for an
unassignable lead also as codes, `Why`, which notifications words in its reader's language).

Who gets a lead: the first matching rule whose target has someone available; when no
rule matches (or none has anyone available) the lead's region is the team (weighted
round-robin among its active reps); with no rep available, the region's manager; with
nobody at all the lead is unassignable. Picking inside a team is `teams.pick`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from leads.domain.province_guess import INFERRED_ZH
from leads.domain.rules import PERSON, Rule
from leads.domain.teams import Member


@dataclass(frozen=True)
class Candidate:
    user_id: str
    username: str  # the login: what the lead's owner_username keeps
    display_name: str = ""  # the org directory's name for people (周婷)

    @property
    def shown(self) -> str:
        """How reasons name the person: the directory's display name, else the login."""
        return self.display_name or self.username


@dataclass(frozen=True)
class Why:
    """One part of a reason as a stable code and its parameters (proto `Coded`)."""

    code: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Decision:
    owner: Candidate | None
    reason: str
    rule_id: str = ""  # the rule that matched; empty for the region default
    # `reason` as codes (leads.assigned's and leads.unassigned's `reasons`)
    whys: tuple[Why, ...] = ()


def rule_reason(rule: Rule, chosen: Member, nth_today: int) -> str:
    if rule.target_kind == PERSON:
        return f"规则「{rule.name}」匹配；指定销售 {chosen.shown}，今日第 {nth_today} 条"
    return (f"规则「{rule.name}」匹配；团队轮询（权重{chosen.weight}），"
            f"{chosen.shown} 今日第 {nth_today} 条")


def region_reason(region_name: str, chosen: Member, nth_today: int) -> str:
    return (f"未匹配规则，{region_name}区域轮询（权重{chosen.weight}），"
            f"{chosen.shown} 今日第 {nth_today} 条")


def _turn(chosen: Member, nth_today: int) -> tuple[tuple[str, str], ...]:
    return (("rep", chosen.shown), ("nth", str(nth_today)), ("weight", str(chosen.weight)))


def rule_why(rule: Rule, chosen: Member, nth_today: int) -> Why:
    """`rule_reason` as a code."""
    code = "rule_person" if rule.target_kind == PERSON else "rule_team"
    return Why(code, (("rule", rule.name), *_turn(chosen, nth_today)))


def region_why(region_name: str, chosen: Member, nth_today: int) -> Why:
    """`region_reason` as a code."""
    return Why("region_team", (("region", region_name), *_turn(chosen, nth_today)))


def passed_over(rules: Sequence[Rule]) -> str:
    """Rules that matched but whose reps were all away or at their cap, named first."""
    if not rules:
        return ""
    names = "、".join(f"「{r.name}」" for r in rules)
    return f"规则{names}匹配但无可用销售（休假或已达今日上限）；"


def passed_whys(rules: Sequence[Rule]) -> tuple[Why, ...]:
    return tuple(Why("rule_unstaffed", (("rule", r.name),)) for r in rules)


def chosen(owner: Member, text: str, why: Why, *, passed: Sequence[Rule] = (),
           rule_id: str = "") -> Decision:
    """A rep picked by a rule or the region's team, after the rules nobody could take."""
    return Decision(Candidate(owner.user_id, owner.username, owner.display_name),
                    passed_over(passed) + text, rule_id, whys=(*passed_whys(passed), why))


def to_manager(region_name: str, managers: Sequence[Candidate], *,
               passed: Sequence[Rule] = ()) -> Decision:
    """The region's manager, or nobody; `passed`: the matching rules nobody could take."""
    prefix, region = passed_over(passed), (("region", region_name),)
    if managers:
        manager = min(managers, key=lambda m: m.user_id)
        return Decision(manager, f"{prefix}{region_name}区域暂无可用销售，分配给区域经理",
                        whys=(*passed_whys(passed), Why("region_manager", region)))
    whys = (*passed_whys(passed), Why("region_unstaffed", region))
    return Decision(None, f"{prefix}{region_name}区域没有可用销售或经理，无法分配", whys=whys)


def rejected_by(decision: Decision, *, name: str, note: str) -> Decision:
    """The decision after its lead was given back: the reason starts with who (`name`, as
    people know them) and why."""
    return replace(decision, reason=f"{name} 退回（{note}）；{decision.reason}",
                   whys=(Why("rejected", (("by", name), ("note", note))), *decision.whys))


# A rep's own entry or import is theirs whatever the province says.
_OWN_ENTRY = frozenset({"self_entered", "self_imported"})


def province_inferred(decision: Decision, province_source: str) -> Decision:
    """The decision of a lead whose province was inferred (domain/province_guess.py): the
    reason says so first, since the region, and so the owner, follow from the guess."""
    said = INFERRED_ZH.get(province_source)
    if said is None or decision.reason.startswith(said) \
            or any(why.code in _OWN_ENTRY for why in decision.whys):
        return decision
    return replace(decision, reason=f"{said}；{decision.reason}",
                   whys=(Why("province_inferred", (("from", province_source),)),
                         *decision.whys))
