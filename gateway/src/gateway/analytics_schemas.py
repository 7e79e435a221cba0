"""Answers of /analytics: the funnel, cycle times, lost reasons, rep activity."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FunnelStageRead(BaseModel):
    stage: str
    label: str
    reached: int = Field(description="deals opened in the period that ever entered the stage")
    current: int = Field(description="open deals in the stage now")
    conversion: float = Field(description="share that went on to the next stage")


class FunnelRead(BaseModel):
    date_from: str
    date_to: str
    total: int
    won: int
    lost: int
    win_rate: float
    stages: list[FunnelStageRead]


class DurationRead(BaseModel):
    stage: str
    label: str
    count: int
    avg_days: float
    median_days: float
    p90_days: float


class CycleTimeRead(BaseModel):
    date_from: str
    date_to: str
    lead_to_won: DurationRead
    stages: list[DurationRead]


class LostReasonRead(BaseModel):
    reason: str
    count: int
    amount_fen: int
    share: float


class LostReasonsRead(BaseModel):
    date_from: str
    date_to: str
    total: int
    reasons: list[LostReasonRead]


class RepRowRead(BaseModel):
    owner_id: str
    owner_username: str
    visits: list[int] = Field(description="per week, aligned with `weeks`")
    reports: list[int]
    stage_advances: list[int]


class RepActivityRead(BaseModel):
    """A heatmap's matrix: one row per rep with activity, one column per ISO week."""

    date_from: str
    date_to: str
    weeks: list[str] = Field(description="ISO weeks of the period, e.g. 2026-W07")
    reps: list[RepRowRead]
