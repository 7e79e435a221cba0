import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Product(_message.Message):
    __slots__ = ("code", "kind", "kind_label", "name", "list_price_fen", "unit", "fits", "active")
    CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    KIND_LABEL_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LIST_PRICE_FEN_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    FITS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    code: str
    kind: str
    kind_label: str
    name: str
    list_price_fen: int
    unit: str
    fits: _containers.RepeatedScalarFieldContainer[str]
    active: bool
    def __init__(self, code: _Optional[str] = ..., kind: _Optional[str] = ..., kind_label: _Optional[str] = ..., name: _Optional[str] = ..., list_price_fen: _Optional[int] = ..., unit: _Optional[str] = ..., fits: _Optional[_Iterable[str]] = ..., active: _Optional[bool] = ...) -> None: ...

class ListProductsRequest(_message.Message):
    __slots__ = ("kind", "fits", "include_inactive", "page_size", "page_token")
    KIND_FIELD_NUMBER: _ClassVar[int]
    FITS_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_INACTIVE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    kind: str
    fits: str
    include_inactive: bool
    page_size: int
    page_token: str
    def __init__(self, kind: _Optional[str] = ..., fits: _Optional[str] = ..., include_inactive: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProductsResponse(_message.Message):
    __slots__ = ("products", "next_page_token")
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    products: _containers.RepeatedCompositeFieldContainer[Product]
    next_page_token: str
    def __init__(self, products: _Optional[_Iterable[_Union[Product, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetProductRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class ProductImportRow(_message.Message):
    __slots__ = ("row", "code", "kind", "name", "list_price_fen", "unit", "fits", "active")
    ROW_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LIST_PRICE_FEN_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    FITS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    row: int
    code: str
    kind: str
    name: str
    list_price_fen: int
    unit: str
    fits: _containers.RepeatedScalarFieldContainer[str]
    active: bool
    def __init__(self, row: _Optional[int] = ..., code: _Optional[str] = ..., kind: _Optional[str] = ..., name: _Optional[str] = ..., list_price_fen: _Optional[int] = ..., unit: _Optional[str] = ..., fits: _Optional[_Iterable[str]] = ..., active: _Optional[bool] = ...) -> None: ...

class ImportProductsRequest(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[ProductImportRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[ProductImportRow, _Mapping]]] = ...) -> None: ...

class ImportRowError(_message.Message):
    __slots__ = ("row", "field", "message")
    ROW_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    row: int
    field: str
    message: str
    def __init__(self, row: _Optional[int] = ..., field: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class ImportProductsResponse(_message.Message):
    __slots__ = ("created", "updated", "unchanged", "errors", "error_count")
    CREATED_FIELD_NUMBER: _ClassVar[int]
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    ERROR_COUNT_FIELD_NUMBER: _ClassVar[int]
    created: int
    updated: int
    unchanged: int
    errors: _containers.RepeatedCompositeFieldContainer[ImportRowError]
    error_count: int
    def __init__(self, created: _Optional[int] = ..., updated: _Optional[int] = ..., unchanged: _Optional[int] = ..., errors: _Optional[_Iterable[_Union[ImportRowError, _Mapping]]] = ..., error_count: _Optional[int] = ...) -> None: ...

class GetDiscountLimitsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DiscountLimit(_message.Message):
    __slots__ = ("role", "max_bp")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    MAX_BP_FIELD_NUMBER: _ClassVar[int]
    role: str
    max_bp: int
    def __init__(self, role: _Optional[str] = ..., max_bp: _Optional[int] = ...) -> None: ...

class DiscountLimits(_message.Message):
    __slots__ = ("limits",)
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    limits: _containers.RepeatedCompositeFieldContainer[DiscountLimit]
    def __init__(self, limits: _Optional[_Iterable[_Union[DiscountLimit, _Mapping]]] = ...) -> None: ...

class QuoteLineRequest(_message.Message):
    __slots__ = ("product_code", "quantity")
    PRODUCT_CODE_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    product_code: str
    quantity: int
    def __init__(self, product_code: _Optional[str] = ..., quantity: _Optional[int] = ...) -> None: ...

class CreateQuoteRequest(_message.Message):
    __slots__ = ("opportunity_id", "lines", "discount_bp", "note", "idempotency_key")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_BP_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    lines: _containers.RepeatedCompositeFieldContainer[QuoteLineRequest]
    discount_bp: int
    note: str
    idempotency_key: str
    def __init__(self, opportunity_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[QuoteLineRequest, _Mapping]]] = ..., discount_bp: _Optional[int] = ..., note: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class GetQuoteRequest(_message.Message):
    __slots__ = ("quote_id",)
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    quote_id: str
    def __init__(self, quote_id: _Optional[str] = ...) -> None: ...

class ListQuotesRequest(_message.Message):
    __slots__ = ("opportunity_id", "state", "page_size", "page_token", "approval")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    state: str
    page_size: int
    page_token: str
    approval: str
    def __init__(self, opportunity_id: _Optional[str] = ..., state: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., approval: _Optional[str] = ...) -> None: ...

class ListQuotesResponse(_message.Message):
    __slots__ = ("quotes", "next_page_token")
    QUOTES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    quotes: _containers.RepeatedCompositeFieldContainer[Quote]
    next_page_token: str
    def __init__(self, quotes: _Optional[_Iterable[_Union[Quote, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DecideDiscountRequest(_message.Message):
    __slots__ = ("quote_id", "approve", "comment")
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    quote_id: str
    approve: bool
    comment: str
    def __init__(self, quote_id: _Optional[str] = ..., approve: _Optional[bool] = ..., comment: _Optional[str] = ...) -> None: ...

class QuoteActionRequest(_message.Message):
    __slots__ = ("quote_id",)
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    quote_id: str
    def __init__(self, quote_id: _Optional[str] = ...) -> None: ...

class QuoteLineItem(_message.Message):
    __slots__ = ("product_code", "product_name", "kind", "unit", "quantity", "unit_price_fen", "line_total_fen")
    PRODUCT_CODE_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FEN_FIELD_NUMBER: _ClassVar[int]
    LINE_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    product_code: str
    product_name: str
    kind: str
    unit: str
    quantity: int
    unit_price_fen: int
    line_total_fen: int
    def __init__(self, product_code: _Optional[str] = ..., product_name: _Optional[str] = ..., kind: _Optional[str] = ..., unit: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_price_fen: _Optional[int] = ..., line_total_fen: _Optional[int] = ...) -> None: ...

class Quote(_message.Message):
    __slots__ = ("id", "opportunity_id", "version", "state", "state_label", "approval", "approval_label", "approval_role", "lines", "subtotal_fen", "discount_bp", "discount_fen", "total_fen", "note", "created_by", "created_at", "decided_by", "decided_at", "decision_comment", "issued_by", "issued_at", "accepted_by", "accepted_at", "account_name", "opportunity_title", "owner_username", "region_id", "can_decide", "waiting_for")
    ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    STATE_LABEL_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_LABEL_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ROLE_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    SUBTOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_BP_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    DECISION_COMMENT_FIELD_NUMBER: _ClassVar[int]
    ISSUED_BY_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_BY_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_AT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_TITLE_FIELD_NUMBER: _ClassVar[int]
    OWNER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    CAN_DECIDE_FIELD_NUMBER: _ClassVar[int]
    WAITING_FOR_FIELD_NUMBER: _ClassVar[int]
    id: str
    opportunity_id: str
    version: int
    state: str
    state_label: str
    approval: str
    approval_label: str
    approval_role: str
    lines: _containers.RepeatedCompositeFieldContainer[QuoteLineItem]
    subtotal_fen: int
    discount_bp: int
    discount_fen: int
    total_fen: int
    note: str
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    decided_by: str
    decided_at: _timestamp_pb2.Timestamp
    decision_comment: str
    issued_by: str
    issued_at: _timestamp_pb2.Timestamp
    accepted_by: str
    accepted_at: _timestamp_pb2.Timestamp
    account_name: str
    opportunity_title: str
    owner_username: str
    region_id: str
    can_decide: bool
    waiting_for: str
    def __init__(self, id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., version: _Optional[int] = ..., state: _Optional[str] = ..., state_label: _Optional[str] = ..., approval: _Optional[str] = ..., approval_label: _Optional[str] = ..., approval_role: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[QuoteLineItem, _Mapping]]] = ..., subtotal_fen: _Optional[int] = ..., discount_bp: _Optional[int] = ..., discount_fen: _Optional[int] = ..., total_fen: _Optional[int] = ..., note: _Optional[str] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_by: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decision_comment: _Optional[str] = ..., issued_by: _Optional[str] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., accepted_by: _Optional[str] = ..., accepted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., account_name: _Optional[str] = ..., opportunity_title: _Optional[str] = ..., owner_username: _Optional[str] = ..., region_id: _Optional[str] = ..., can_decide: _Optional[bool] = ..., waiting_for: _Optional[str] = ...) -> None: ...

class GetRecommendationsRequest(_message.Message):
    __slots__ = ("opportunity_id", "limit")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    limit: int
    def __init__(self, opportunity_id: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class Recommendation(_message.Message):
    __slots__ = ("product", "confidence", "lift", "support", "deals_with", "peer_deals", "explanation", "because_of")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    LIFT_FIELD_NUMBER: _ClassVar[int]
    SUPPORT_FIELD_NUMBER: _ClassVar[int]
    DEALS_WITH_FIELD_NUMBER: _ClassVar[int]
    PEER_DEALS_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    BECAUSE_OF_FIELD_NUMBER: _ClassVar[int]
    product: Product
    confidence: float
    lift: float
    support: float
    deals_with: int
    peer_deals: int
    explanation: str
    because_of: str
    def __init__(self, product: _Optional[_Union[Product, _Mapping]] = ..., confidence: _Optional[float] = ..., lift: _Optional[float] = ..., support: _Optional[float] = ..., deals_with: _Optional[int] = ..., peer_deals: _Optional[int] = ..., explanation: _Optional[str] = ..., because_of: _Optional[str] = ...) -> None: ...

class Recommendations(_message.Message):
    __slots__ = ("opportunity_id", "industry", "scale", "peer_deals", "items", "basis")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    SCALE_FIELD_NUMBER: _ClassVar[int]
    PEER_DEALS_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    industry: str
    scale: str
    peer_deals: int
    items: _containers.RepeatedCompositeFieldContainer[Recommendation]
    basis: str
    def __init__(self, opportunity_id: _Optional[str] = ..., industry: _Optional[str] = ..., scale: _Optional[str] = ..., peer_deals: _Optional[int] = ..., items: _Optional[_Iterable[_Union[Recommendation, _Mapping]]] = ..., basis: _Optional[str] = ...) -> None: ...
