"""Answers of /analytics: the funnel, cycle times, lost reasons, rep activity."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FunnelStageRead(BaseModel):
    stage: str
    label: str
    reached: int = Field(description="deals opened in the period that ever entered the stage")
    current: int = Field(description="open deals in the stage now")
    conversion: float = Field(description="share that went on to the next stage")
    current_amount_fen: int = Field(0, description="Σ amount_fen of the `current` deals")


class FunnelRead(BaseModel):
    date_from: str
    date_to: str
    total: int
    won: int
    lost: int
    win_rate: float
    stages: list[FunnelStageRead]
    total_amount_fen: int = Field(0, description="Σ amount_fen of the deals in `total` (a "
                                  "won deal's is its signed price): the deal list's export "
                                  "for the same days sums to it")
    won_amount_fen: int = 0
    lost_amount_fen: int = 0
    open_amount_fen: int = Field(0, description="Σ current_amount_fen")


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
