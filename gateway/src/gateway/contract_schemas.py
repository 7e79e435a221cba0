"""Bodies and answers of /contracts, /approval-matrix, /me/delegation and /sign."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from gateway.timefilters import Day, MomentByDayEnd

_STRICT = ConfigDict(str_strip_whitespace=True, extra="forbid")


class TermsBody(BaseModel):
    model_config = _STRICT

    payment_terms: str = Field(min_length=1, max_length=500, description="付款条件")
    delivery_date: Day = Field(description="交货日期 YYYY-MM-DD")
    warranty_months: int = Field(ge=0, le=120, description="质保期（月）")
    penalties: str = Field(min_length=1, max_length=1000, description="违约条款")
    price_fen: StrictInt | None = Field(None, gt=0, le=10**14,
                                  description="合同价格（分）；省略时取报价单总价")


class ContractCreate(TermsBody):
    quote_id: str = Field(min_length=1, max_length=64, description="客户已接受的报价单")


class TermsRead(BaseModel):
    payment_terms: str
    delivery_date: date
    warranty_months: int
    penalties: str
    price_fen: int


class ContractVersionRead(BaseModel):
    version: int
    terms: TermsRead
    created_by: str
    created_at: datetime | None


class ApprovalStepRead(BaseModel):
    position: int
    level: str
    label: str
    reason: str = Field(description="zh-CN, why this step is asked ('' when the amount "
                                    "alone asks it), e.g. a price below the accepted quote")
    approver_id: str
    delegated_from: str | None
    status: str
    comment: str
    decided_by: str | None
    decided_at: datetime | None
    due_at: datetime | None
    round: int


class ContractRead(BaseModel):
    id: str
    number: str = Field(description="合同编号, e.g. HT-2026-00042 (per Beijing-time year)")
    opportunity_id: str
    quote_id: str
    status: str
    status_label: str
    current_version: int
    terms: TermsRead
    versions: list[ContractVersionRead]
    approval: list[ApprovalStepRead]
    owner_id: str
    region_id: str | None
    account_name: str
    product_codes: list[str]
    created_at: datetime | None
    signed_at: datetime | None
    document_sha256: str | None


class ClauseChangeRead(BaseModel):
    clause: str
    label: str
    old_value: str
    new_value: str
    old_text: str
    new_text: str


class ContractDiffRead(BaseModel):
    contract_id: str
    from_version: int
    to_version: int
    changes: list[ClauseChangeRead]


class DecisionBody(BaseModel):
    model_config = _STRICT

    decision: Literal["approve", "reject"]
    comment: str = Field("", max_length=1000, description="驳回时必填")


class MatrixLevel(BaseModel):
    model_config = _STRICT

    code: str = Field(min_length=1, max_length=40)
    label: str = Field(min_length=1, max_length=40)
    from_fen: StrictInt = Field(ge=0, le=10**14,
                                description="金额达到此值（分）的合同须经此层级审批")
    approver_kind: Literal["region_manager", "user"]
    approver_username: str = Field("", max_length=100)


class MatrixUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    levels: list[MatrixLevel] = Field(min_length=1, max_length=10)


class MatrixRead(BaseModel):
    version: int
    levels: list[MatrixLevel]
    created_by: str
    created_at: datetime | None


class DelegationBody(BaseModel):
    model_config = _STRICT

    to_user_id: str | None = Field(None, max_length=64, description="null：结束委托")
    until: MomentByDayEnd | None = Field(None, description="without an offset: Asia/Shanghai; a "
                                 "date alone: through that day (23:59:59)")


class DelegationRead(BaseModel):
    user_id: str
    to_user_id: str | None
    until: datetime | None


class SignatureRequestBody(BaseModel):
    model_config = _STRICT

    signer_name: str = Field(min_length=1, max_length=50, description="客户签署人")
    signer_phone: str = Field(min_length=5, max_length=30, description="签署人手机号")


class SignatureInviteRead(BaseModel):
    request_id: str
    contract_id: str
    token: str
    link: str = Field(description="签署页（发给客户的链接，与短信中的相同）")
    api_link: str = Field(description="the same link's JSON API (/api/v1/sign/<token>)")
    expires_at: datetime | None
    signer_phone: str
    demo_code: str | None = Field(None, description="仅演示模式返回；正式环境验证码只发短信")


class SigningDocumentRead(BaseModel):
    contract_id: str
    version: int
    document: str
    document_sha256: str
    account_name: str
    signer_name: str
    expires_at: datetime | None
    attempts_left: int


class SignBody(BaseModel):
    model_config = _STRICT

    code: str = Field(min_length=1, max_length=10)
    signer_name: str = Field(min_length=1, max_length=50)


class SignatureReceiptRead(BaseModel):
    contract_id: str
    document_sha256: str
    signed_at: datetime | None
    signer_name: str


class VerificationRead(BaseModel):
    contract_id: str
    signed: bool
    unchanged: bool
    signed_sha256: str | None
    current_sha256: str | None
    signed_at: datetime | None
    signer_name: str | None
    ip: str | None
    user_agent: str | None


class ContractPage(BaseModel):
    items: list[ContractRead]
    next_cursor: str | None
