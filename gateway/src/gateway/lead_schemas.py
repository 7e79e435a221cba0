"""Bodies of the qualified-fields update and the lead list."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from gateway.schemas import DecisionMakerModel, LeadRead


class LeadQualificationUpdate(BaseModel):
    """Only the fields sent change. Budget: `budget_fen` (JSON integer of fen, never a
    float) or `budget_yuan` (string in 元, two decimals at most, "50万" allowed), not both;
    `"budget_fen": null` clears it. Urgency: high/medium/low or 高/中/低. Company scale:
    <50, 50-200, 200-1000, >1000 (or lt50, 50_200, 200_1000, gt1000). `decision_chain`
    and `tags` replace the whole list. `province` (江苏 or 江苏省; cannot be cleared): the
    customer's own word, and a lead placed in another region moves to its region with a
    history entry, its owner kept (a lead nobody could take is assigned again there)."""

    model_config = ConfigDict(extra="forbid")

    industry: str | None = Field(None, max_length=100)
    company_scale: str | None = Field(None, max_length=20)
    pain_point: str | None = Field(None, max_length=2000)
    budget_fen: StrictInt | None = Field(None, ge=0, le=10**15)  # what the service keeps
    budget_yuan: str | None = Field(None, max_length=30)
    decision_chain: list[DecisionMakerModel] | None = Field(None, max_length=20)
    urgency: str | None = Field(None, max_length=10)
    tags: list[str] | None = Field(None, max_length=20)
    province: str | None = Field(None, max_length=20)


class LeadPage(BaseModel):
    items: list[LeadRead]
    next_cursor: str | None
