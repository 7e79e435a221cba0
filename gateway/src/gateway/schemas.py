"""Request and response bodies, one family per resource."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class TokenRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    must_change_password: bool = Field(False, description=(
        "the password was set by an admin: this token opens only POST /api/v1/me/password "
        "(every other route is 403 password_change_required) until the user sets their own"))


class MeRead(BaseModel):
    id: str
    username: str
    display_name: str
    role: str
    region_id: str | None
    department_id: str | None
    manager_id: str | None
    region_ids: list[str] = Field(description="regions this user's token is scoped to")


class WebFormLead(BaseModel):
    """Shape only; the leads service judges phone, email and province and names the field."""

    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field("", max_length=100)
    company: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    province: str = Field("", max_length=50)
    industry: str = Field("", max_length=100)
    message: str = Field("", max_length=5000)


class IntakeAccepted(BaseModel):
    lead_id: str


class LeadTouchRead(BaseModel):
    """One arrival of the customer: the first one created the lead, later ones matched it.
    Also (source `system`, channel `region_moved`) the lead following the customer's
    province to another region, the summary saying from where to where."""

    id: str
    lead_id: str = Field(description="the lead it was recorded on (a merged lead's own id)")
    source: str
    channel: str
    summary: str
    match_reason: str = Field(description="why it matched an existing lead; empty for the first")
    touched_at: datetime | None
    filled_fields: list[str] = Field(
        [], description="the lead's empty fields this arrival filled (never overwritten): "
                        "email, wechat_id, company_scale, budget_fen, tags, ...")
    filled: str = Field("", description="the same as a history line: 补全：邮箱、公司规模")


class LeadMergeRead(BaseModel):
    id: str
    survivor_id: str
    merged_id: str
    merged_by: str
    merged_at: datetime | None
    undone_by: str | None
    undone_at: datetime | None
class DecisionMakerModel(BaseModel):
    name: str = Field("", max_length=50)
    title: str = Field("", max_length=50)
    role: str = Field("influencer", max_length=20, description="decider | influencer | user")


class ScoreFactorRead(BaseModel):
    factor: str
    points: int
    reason_zh: str


class LeadRead(BaseModel):
    id: str
    status: str
    owner_id: str | None
    owner_username: str | None
    assigned_at: datetime | None
    source: str
    name: str
    company: str
    phone: str
    email: str
    province: str
    province_source: Literal["given", "mobile", "landline", "company"] | None = Field(
        None, description="where the province came from: given by the customer, inferred "
        "from the mobile number's registration (手机归属地), a landline's area code or the "
        "company name; null without a province")
    region_id: str | None
    industry: str
    message: str
    created_at: datetime | None
    assignment_reason: str = Field("", description="why this owner (rule, weight, count)")
    assignment_rule_id: str | None = Field(None, description="the rule that matched")
    first_contact_due_at: datetime | None = Field(
        None, description="when the first-contact clock runs out (working hours)")
    first_contacted_at: datetime | None = None
    disqualified_reason: str = ""
    wechat_id: str = ""
    title: str = ""
    event: str = ""
    booth: str = ""
    merged_into: str | None = Field(None, description="set while merged into that lead")
    touches: list[LeadTouchRead] = []
    merges: list[LeadMergeRead] = []
    # Qualified fields and score (see LeadQualificationUpdate).
    company_scale: str | None = None
    pain_point: str = ""
    budget_fen: int | None = None
    decision_chain: list[DecisionMakerModel] = []
    urgency: str | None = None
    tags: list[str] = []
    score: int = 0
    score_factors: list[ScoreFactorRead] = []


class NotificationRead(BaseModel):
    id: str
    kind: str
    title: str
    body: str
    link: str
    created_at: datetime | None
    read_at: datetime | None
    # Set when what the item asked for no longer waits (a contract approval whose contract
    # went back to draft or became void): the item is read and its text says why.
    withdrawn_at: datetime | None = None


class NotificationPage(BaseModel):
    items: list[NotificationRead]
    next_cursor: str | None


class FieldErrorRead(BaseModel):
    field: str
    message: str


class ProblemRead(BaseModel):
    """RFC 9457 problem details, served as application/problem+json."""

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(description="stable machine-readable code, e.g. validation_error")
    field: str | None = Field(None, description="the offending field, when there is one")
    errors: list[FieldErrorRead] | None = None
    instance: str | None = None
