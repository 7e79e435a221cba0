"""Bodies and answers of /products, /discount-limits, /quotes and recommendations.
Money is integer fen; discounts are basis points of the subtotal (500 = 5 %)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

Kind = Literal["product", "option", "addon", "service"]
MAX_FEN = 10**12


class _Body(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


class ProductWrite(_Body):
    name: str = Field(min_length=1, max_length=60, description="zh-CN 名称")
    list_price_fen: StrictInt = Field(ge=0, le=MAX_FEN, description="目录价（分）")
    unit: str = Field("台", max_length=10)
    fits: list[str] = Field(default_factory=list, max_length=50,
                            description="codes of the main products an option/add-on fits")
    active: bool = True


class ProductCreate(ProductWrite):
    code: str = Field(min_length=2, max_length=32, description="e.g. OPT-MON")
    kind: Kind


class ProductUpdate(ProductWrite):
    kind: Kind | None = Field(None, description="fixed once created; may be repeated")


class ProductRead(BaseModel):
    code: str
    kind: str
    kind_label: str
    name: str
    list_price_fen: int
    unit: str
    fits: list[str]
    active: bool


class ProductPage(BaseModel):
    items: list[ProductRead]
    next_cursor: str | None


class DiscountLimitItem(_Body):
    role: Literal["rep", "manager", "director", "admin"]
    max_bp: int = Field(ge=0, le=10_000, description="basis points (500 = 5%)")


class DiscountLimits(_Body):
    limits: list[DiscountLimitItem] = Field(min_length=1, max_length=4)


class QuoteLineCreate(_Body):
    product_code: str = Field(min_length=1, max_length=32)
    quantity: StrictInt = Field(ge=1, le=9_999)


class QuoteCreate(_Body):
    lines: list[QuoteLineCreate] = Field(min_length=1, max_length=50)
    discount_bp: StrictInt = Field(0, ge=0, le=10_000,
                             description="discount in basis points of the subtotal")
    note: str = Field("", max_length=500)


class DiscountDecision(_Body):
    decision: Literal["approve", "reject"]
    comment: str = Field("", max_length=500, description="required to reject")


class QuoteLineRead(BaseModel):
    product_code: str
    product_name: str
    kind: str
    unit: str
    quantity: int
    unit_price_fen: int
    line_total_fen: int


class QuoteRead(BaseModel):
    id: str
    opportunity_id: str
    opportunity_title: str
    account_name: str
    owner_username: str
    region_id: str | None
    version: int
    state: str
    state_label: str
    approval: str
    approval_label: str
    approval_role: str | None
    can_decide: bool = Field(description="a pending discount the caller may approve or reject")
    waiting_for: str | None = Field(
        description="a pending discount: '待您审批', or who must act, e.g. '等待总监审批', "
                    "and who holds it for an away approver, e.g. '等待经理审批（由 李明 代理）' "
                    "(a director's discount only once every director is away); "
                    "'超出现行审批权限' when no role's limit reaches it now",
        examples=["等待经理审批（由 李明 代理）"])
    lines: list[QuoteLineRead]
    subtotal_fen: int
    discount_bp: int
    discount_fen: int
    total_fen: int
    note: str
    created_by: str
    created_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    decision_comment: str
    issued_by: str | None
    issued_at: datetime | None
    accepted_by: str | None
    accepted_at: datetime | None


class QuotePage(BaseModel):
    items: list[QuoteRead]
    next_cursor: str | None


class RecommendationRead(BaseModel):
    product: ProductRead
    confidence: float = Field(description="share of peers with `because_of` who took it")
    lift: float
    support: float = Field(description="share of all peers with both")
    deals_with: int
    peer_deals: int
    because_of: str | None
    explanation: str


class RecommendationsRead(BaseModel):
    opportunity_id: str
    industry: str
    scale: str
    peer_deals: int = Field(description="peer customers considered")
    basis: str = Field(description="industry_scale, or industry when fewer than 5 customers "
                                   "of the same industry and scale had won deals")
    items: list[RecommendationRead]
