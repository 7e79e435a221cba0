"""Request and response bodies of assignment: rules, rep settings, reassign, reject."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gateway.timefilters import MomentByDayEnd

_Ids = list[str]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RuleMatch(_Body):
    """Every given condition must hold; an empty list matches anything. A lead without a
    score counts as 0."""

    provinces: _Ids = Field(default_factory=list, max_length=100)
    region_ids: _Ids = Field(default_factory=list, max_length=100)
    industries: _Ids = Field(default_factory=list, max_length=100)
    sources: _Ids = Field(default_factory=list, max_length=100)
    score_min: int | None = Field(None, ge=0, le=100)
    score_max: int | None = Field(None, ge=0, le=100)


class RuleTarget(_Body):
    """`team`: weighted round-robin among `user_ids`; `region`: every active rep of
    `region_id`; `person`: always `user_id`."""

    kind: Literal["team", "region", "person"]
    user_ids: _Ids = Field(default_factory=list, max_length=200)
    user_id: str | None = Field(None, max_length=64)
    region_id: str | None = Field(None, max_length=64)


class AssignmentRuleWrite(_Body):
    name: str = Field(min_length=1, max_length=100)
    enabled: bool = True
    match: RuleMatch = Field(default_factory=RuleMatch)
    target: RuleTarget


class AssignmentRuleRead(BaseModel):
    id: str
    name: str
    position: int = Field(description="0 is tried first")
    enabled: bool
    match: RuleMatch
    target: RuleTarget
    updated_at: datetime | None


class AssignmentRulePage(BaseModel):
    items: list[AssignmentRuleRead]
    next_cursor: str | None = Field(None, description="always null: rules come in one page")


class RuleOrder(_Body):
    rule_ids: _Ids = Field(max_length=1000, description="every rule exactly once, first first")


class RepAssignmentSettingsWrite(_Body):
    capacity: int = Field(1, ge=1, le=100, description="weight in team round-robin")
    daily_cap: int | None = Field(None, ge=0, le=10_000, description="null: no cap")


class AvailabilityWrite(_Body):
    away: bool
    until: MomentByDayEnd | None = Field(None, description="naive times are Asia/Shanghai; a date "
                                 "alone: away through that day (23:59:59)")


class RepAssignmentSettingsRead(BaseModel):
    user_id: str
    capacity: int
    daily_cap: int | None
    away: bool
    away_until: datetime | None
    assigned_today: int = Field(description="leads assigned today (Asia/Shanghai day)")


class ReassignRequest(_Body):
    owner_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(min_length=1, max_length=500)


class RejectRequest(_Body):
    reason: str = Field(min_length=1, max_length=500)
