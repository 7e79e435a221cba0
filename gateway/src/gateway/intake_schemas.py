"""Bodies of the QR, ad, manual-entry and merge endpoints. Shape only: the leads service
judges phone, email, WeChat id and province and names the field."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class _Contact(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field("", max_length=100)
    company: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    wechat_id: str = Field("", max_length=40)
    title: str = Field("", max_length=100, description="the contact's job title")
    province: str = Field("", max_length=50)


class QrScan(_Contact):
    """What a badge / business-card scan at a trade show yields."""

    event: str = Field(min_length=1, max_length=200, description="trade show, e.g. 2026 工博会")
    booth: str = Field("", max_length=50)
    notes: str = Field("", max_length=5000)


class LeadCreate(_Contact):
    """Manual entry by a rep (theirs at once) or a manager/director/admin (assigned)."""

    industry: str = Field("", max_length=100)
    message: str = Field("", max_length=5000)


class LeadCreated(BaseModel):
    lead_id: str
    created: bool = Field(description="false: the customer was known (see duplicate_of)")
    duplicate_of: str | None = Field(None, description="the existing lead this arrival touched")
    match_reason: str | None = None


class LeadMergeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    other_lead_id: uuid.UUID = Field(description="the lead folded into the path's lead")
