"""Bodies and answers of /opportunities and /process."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from gateway.field_schemas import VisitRead
from gateway.quote_schemas import QuoteRead


class OpportunityCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    account_name: str = Field(min_length=1, max_length=200, description="客户公司名称")
    title: str = Field(min_length=1, max_length=200)
    amount_fen: StrictInt = Field(0, ge=0, le=10**14, description="金额（分）")
    lead_id: str | None = Field(None, max_length=64)
    region_id: str | None = Field(None, max_length=64,
                                  description="a manager of several regions names one")
    industry: str = Field("", max_length=50, description="the account's, when it has none")
    scale: str = Field("", max_length=20, description="lt50 / 50_200 / 200_1000 / gt1000")


class OpportunityUpdate(BaseModel):
    """Only the fields sent change."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=200)
    amount_fen: StrictInt | None = Field(None, ge=0, le=10**14, description="预计金额（分）")


class StageChangeRequest(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    to: str = Field(min_length=1, max_length=40, description="stage code, `won` or `lost`")
    reason: str = Field("", max_length=500, description="required to move back or for lost")


class DealReopenRequest(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    reason: str = Field(min_length=1, max_length=500, description="why, e.g. 客户回来了")
    owner_id: str | None = Field(None, description=(
        "who owns the deal from now on: an active rep or manager of its region, or, for a "
        "reopening manager, of his regions or one of his people (his rep's deal in another "
        "region may go to another of his reps); else 422 `owner_id`. Omitted: the owner if "
        "still one, else the leaver's handover successor, else the reopening manager (a "
        "director must name one then)"))


class ContactRead(BaseModel):
    id: str
    name: str
    phone: str
    email: str


class AccountRead(BaseModel):
    id: str
    name: str
    industry: str
    province: str
    scale: str = Field("", description="lt50 / 50_200 / 200_1000 / gt1000 (people)")
    contacts: list[ContactRead]


class StepRead(BaseModel):
    id: str
    label: str
    stage: str
    done: bool
    done_by: str | None
    done_at: datetime | None
    by_system: bool = Field(False, description="ticked by the system when it happens "
                                               "(报价内部审批, 客户签署合同); not by hand")


class StageChangeRead(BaseModel):
    from_stage: str
    to_stage: str
    by_user_id: str
    at: datetime | None
    reason: str


class OpportunityRead(BaseModel):
    id: str
    title: str
    account: AccountRead | None
    amount_fen: int
    stage: str
    stage_label: str
    status: str
    lost_reason: str | None
    owner_id: str
    owner_username: str
    region_id: str | None
    lead_id: str | None
    process_version: int
    created_at: datetime | None
    stage_entered_at: datetime | None
    steps: list[StepRead]
    stage_history: list[StageChangeRead]
    activities: list[VisitRead] = Field(
        default_factory=list,
        description="the 20 newest visits, in GET /opportunities/{id} only (all: .../visits)")
    quotes: list[QuoteRead] = Field(
        default_factory=list,
        description="every version, newest first; a waiting discount says whether the "
                    "caller decides it (`can_decide`) and whom it waits for (`waiting_for`)")
    contract: Any | None = Field(None, description="the latest contract: {id, status}")


class OpportunityPage(BaseModel):
    items: list[OpportunityRead]
    next_cursor: str | None


class ProcessStep(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    id: str = Field(min_length=1, max_length=40)
    label: str = Field(min_length=1, max_length=60)


class ProcessStage(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    code: str = Field(max_length=40)
    label: str = Field(min_length=1, max_length=60)
    expected_days: int = Field(ge=1, le=365)
    steps: list[ProcessStep] = Field(default_factory=list, max_length=20)
    gates: list[str] = Field(default_factory=list, max_length=10,
                             description="entry criteria codes, see `criteria`")


class ProcessUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stages: list[ProcessStage] = Field(min_length=6, max_length=6)


class CriterionRead(BaseModel):
    code: str
    label: str


class ProcessRead(BaseModel):
    version: int
    created_at: datetime | None
    created_by: str
    stages: list[ProcessStage]
    criteria: list[CriterionRead]
