"""Bodies and answers of /kpis, /kpi/scores, /me/daily-log, /rewards, /payouts,
/experiments and /surveys. Money is integer fen; periods `2026-W48` or `2026-11`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gateway.protobounds import INT64_MAX, Int32
from gateway.timefilters import DayText


class Kpi(BaseModel):
    id: str
    role: str
    label: str
    weight_pct: int
    target: int
    unit: str
    kind: str


class KpiSet(BaseModel):
    version: int
    effective_from: str
    kpis: list[Kpi]
    created_at: datetime | None = None
    created_by: str
    pending_version: int = Field(0, description="a saved change not in force yet (0: none)")
    pending_effective_from: str = ""


class KpiUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weight_pct: int = Field(ge=0, le=100, description="this KPI's weight, % of the role's score")
    target: int = Field(0, ge=0, le=INT64_MAX,
                        description="0: unchanged (hours, fen per month or score)")
    label: str = Field("", max_length=100)
    other_weights: dict[str, Int32] = Field(
        default_factory=dict, description="other KPIs' new weights in the same change, so "
                                          "the role still sums to 100")


class KpiScore(BaseModel):
    kpi_id: str
    label: str
    weight_pct: int
    has_data: bool
    value: int | float = Field(description="rate 0..1, average score, or (unit fen) integer "
                                           "fen")
    unit: str = Field("", description="hours | fen | score | none")
    attainment: float
    points: float
    count: int

    @model_validator(mode="before")
    @classmethod
    def _money_in_fen(cls, data: Any) -> Any:
        # The service's `value` is a double for every KPI; money is integer fen, so an
        # amount KPI answers its exact `value_fen` (41400000, not 41400000.0).
        if isinstance(data, dict) and data.get("unit") == "fen":
            return {**data, "value": int(data.get("value_fen") or 0)}
        return data


class Score(BaseModel):
    level: str
    unit_id: str
    label: str
    period: str
    score: float
    kpis: list[KpiScore]
    members: int
    region_id: str


class ScorePage(BaseModel):
    items: list[Score]
    next_cursor: str | None
    kpi_version: int


class Contribution(BaseModel):
    event_id: str
    event_type: str
    kpi_id: str
    subject_id: str
    occurred_at: datetime | None = None
    ok: bool
    value: int
    note: str


class Breakdown(BaseModel):
    score: Score
    contributions: list[Contribution]
    kpi_version: int


class DailyLogCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    text: str = Field(min_length=1, max_length=5000, description="今日工作小结")


class Reward(BaseModel):
    id: str
    user_id: str
    kind: str
    label: str
    amount_fen: int
    granted_at: datetime | None = None
    streak_end: str


class DailyLogRead(BaseModel):
    day: str
    on_time: bool
    workday: bool
    streak: int
    reward: Reward | None = None
    submitted_at: datetime | None = None
    cutoff: str


class RewardPage(BaseModel):
    items: list[Reward]
    next_cursor: str | None


class PayoutLine(BaseModel):
    """Scheme A: one tier's share of one month's part of the period (a week spanning the
    turn of a month has lines in both). The tiers are a month's: amount_fen =
    commission_to_date_after_fen − commission_to_date_before_fen, the month-to-date
    commission (rounded half up to the fen) as the month-to-date signed amount runs from
    month_to_date_before_fen to month_to_date_after_fen. Scheme B: the pool and the share,
    the month-to-date fields 0."""
    label: str
    base_fen: int
    rate_bp: int
    amount_fen: int
    month: str = Field("", description="2026-11: the month the signings count in")
    month_to_date_before_fen: int = 0
    month_to_date_after_fen: int = 0
    commission_to_date_before_fen: int = 0
    commission_to_date_after_fen: int = 0


class Payout(BaseModel):
    user_id: str
    display_name: str
    region_id: str
    period: str
    scheme: str = Field(description="A, B, or A+B: a trial starts or ends in the period, "
                                    "its B days paid from the pool, the rest by the tiers")
    signed_fen: int
    process_score: float
    points: int
    amount_fen: int
    lines: list[PayoutLine]
    rounding: str


class PayoutPage(BaseModel):
    items: list[Payout]
    next_cursor: str | None


class ExperimentCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    unit: str = Field("rep", description="rep | team")
    seed: int = Field(ge=0, le=2**62, description="the same seed gives the same arms")
    starts_on: DayText = Field(description="ISO date")
    ends_on: DayText = Field(description="ISO date, inclusive; a trial lasts at most 366 days, "
                                     "within 2000–2099")
    unit_ids: list[str] = Field(default_factory=list, max_length=2000,
                                description="empty: every rep (or team)")
    arm_a: list[str] = Field(default_factory=list, max_length=2000)
    arm_b: list[str] = Field(default_factory=list, max_length=2000)


class ArmUnit(BaseModel):
    unit_id: str
    arm: str
    region_id: str


class Experiment(BaseModel):
    id: str
    name: str
    unit: str
    seed: int
    starts_on: str
    ends_on: str
    status: str
    units: list[ArmUnit]
    created_at: datetime | None = None
    created_by: str


class ExperimentPage(BaseModel):
    items: list[Experiment]
    next_cursor: str | None


class MetricResult(BaseModel):
    metric: str
    label: str
    arm_a: float
    arm_b: float
    difference: float
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    test: str
    verdict: str
    n_a: int
    n_b: int
    sufficient: bool


class ExperimentResults(BaseModel):
    experiment: Experiment
    metrics: list[MetricResult]


class SurveyRead(BaseModel):
    id: str
    subject_type: str
    subject_id: str
    status: str
    expires_at: datetime | None = None
    score: int
    comment: str
    answered_at: datetime | None = None
    account_name: str


class SurveyAnswer(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    score: Int32 = Field(description="1 到 5 分")
    comment: str = Field("", max_length=1000)
