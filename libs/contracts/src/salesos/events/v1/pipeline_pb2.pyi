import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from salesos.events.v1 import coded_pb2 as _coded_pb2
from salesos.events.v1 import envelope_pb2 as _envelope_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OpportunityOpened(_message.Message):
    __slots__ = ("opportunity_id", "account_id", "account_name", "title", "amount_fen", "owner_id", "owner_username", "region_id", "lead_id", "stage", "process_version", "opened_at")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VERSION_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    account_id: str
    account_name: str
    title: str
    amount_fen: int
    owner_id: str
    owner_username: str
    region_id: str
    lead_id: str
    stage: str
    process_version: int
    opened_at: _timestamp_pb2.Timestamp
    def __init__(self, opportunity_id: _Optional[str] = ..., account_id: _Optional[str] = ..., account_name: _Optional[str] = ..., title: _Optional[str] = ..., amount_fen: _Optional[int] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., region_id: _Optional[str] = ..., lead_id: _Optional[str] = ..., stage: _Optional[str] = ..., process_version: _Optional[int] = ..., opened_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class StageChanged(_message.Message):
    __slots__ = ("opportunity_id", "owner_id", "region_id", "from_stage", "to_stage", "by_user_id", "reason", "changed_at", "seconds_in_from_stage", "nonstandard_support", "nonstandard_request", "title", "account_name")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_STAGE_FIELD_NUMBER: _ClassVar[int]
    TO_STAGE_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    SECONDS_IN_FROM_STAGE_FIELD_NUMBER: _ClassVar[int]
    NONSTANDARD_SUPPORT_FIELD_NUMBER: _ClassVar[int]
    NONSTANDARD_REQUEST_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    owner_id: str
    region_id: str
    from_stage: str
    to_stage: str
    by_user_id: str
    reason: str
    changed_at: _timestamp_pb2.Timestamp
    seconds_in_from_stage: int
    nonstandard_support: bool
    nonstandard_request: str
    title: str
    account_name: str
    def __init__(self, opportunity_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., from_stage: _Optional[str] = ..., to_stage: _Optional[str] = ..., by_user_id: _Optional[str] = ..., reason: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., seconds_in_from_stage: _Optional[int] = ..., nonstandard_support: _Optional[bool] = ..., nonstandard_request: _Optional[str] = ..., title: _Optional[str] = ..., account_name: _Optional[str] = ...) -> None: ...

class DealLost(_message.Message):
    __slots__ = ("opportunity_id", "owner_id", "region_id", "from_stage", "reason", "by_user_id", "amount_fen", "lost_at")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_STAGE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    LOST_AT_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    owner_id: str
    region_id: str
    from_stage: str
    reason: str
    by_user_id: str
    amount_fen: int
    lost_at: _timestamp_pb2.Timestamp
    def __init__(self, opportunity_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., from_stage: _Optional[str] = ..., reason: _Optional[str] = ..., by_user_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., lost_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DealReopened(_message.Message):
    __slots__ = ("opportunity_id", "owner_id", "region_id", "to_stage", "reason", "by_user_id", "amount_fen", "reopened_at", "lost_at", "lost_reason", "title")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    TO_STAGE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    REOPENED_AT_FIELD_NUMBER: _ClassVar[int]
    LOST_AT_FIELD_NUMBER: _ClassVar[int]
    LOST_REASON_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    owner_id: str
    region_id: str
    to_stage: str
    reason: str
    by_user_id: str
    amount_fen: int
    reopened_at: _timestamp_pb2.Timestamp
    lost_at: _timestamp_pb2.Timestamp
    lost_reason: str
    title: str
    def __init__(self, opportunity_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., to_stage: _Optional[str] = ..., reason: _Optional[str] = ..., by_user_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., reopened_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., lost_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., lost_reason: _Optional[str] = ..., title: _Optional[str] = ...) -> None: ...

class VisitReported(_message.Message):
    __slots__ = ("visit_id", "opportunity_id", "account_id", "account_name", "rep_id", "owner_id", "region_id", "first", "checked_in_at", "reported_at", "stage_entered_at", "contact_phone", "reported_by_id")
    VISIT_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    REP_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    FIRST_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_AT_FIELD_NUMBER: _ClassVar[int]
    REPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    STAGE_ENTERED_AT_FIELD_NUMBER: _ClassVar[int]
    CONTACT_PHONE_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_ID_FIELD_NUMBER: _ClassVar[int]
    visit_id: str
    opportunity_id: str
    account_id: str
    account_name: str
    rep_id: str
    owner_id: str
    region_id: str
    first: bool
    checked_in_at: _timestamp_pb2.Timestamp
    reported_at: _timestamp_pb2.Timestamp
    stage_entered_at: _timestamp_pb2.Timestamp
    contact_phone: str
    reported_by_id: str
    def __init__(self, visit_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., account_id: _Optional[str] = ..., account_name: _Optional[str] = ..., rep_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., first: _Optional[bool] = ..., checked_in_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stage_entered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., contact_phone: _Optional[str] = ..., reported_by_id: _Optional[str] = ...) -> None: ...

class NeedsRecorded(_message.Message):
    __slots__ = ("opportunity_id", "owner_id", "region_id", "complete", "nonstandard_support", "nonstandard_request", "recorded_at", "stage")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    NONSTANDARD_SUPPORT_FIELD_NUMBER: _ClassVar[int]
    NONSTANDARD_REQUEST_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    owner_id: str
    region_id: str
    complete: bool
    nonstandard_support: bool
    nonstandard_request: str
    recorded_at: _timestamp_pb2.Timestamp
    stage: str
    def __init__(self, opportunity_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., complete: _Optional[bool] = ..., nonstandard_support: _Optional[bool] = ..., nonstandard_request: _Optional[str] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stage: _Optional[str] = ...) -> None: ...

class StageGateBlocked(_message.Message):
    __slots__ = ("opportunity_id", "owner_id", "region_id", "from_stage", "to_stage", "unmet", "by_user_id", "at", "title", "unmet_criteria")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_STAGE_FIELD_NUMBER: _ClassVar[int]
    TO_STAGE_FIELD_NUMBER: _ClassVar[int]
    UNMET_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    UNMET_CRITERIA_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    owner_id: str
    region_id: str
    from_stage: str
    to_stage: str
    unmet: _containers.RepeatedScalarFieldContainer[str]
    by_user_id: str
    at: _timestamp_pb2.Timestamp
    title: str
    unmet_criteria: _containers.RepeatedCompositeFieldContainer[_coded_pb2.Coded]
    def __init__(self, opportunity_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., from_stage: _Optional[str] = ..., to_stage: _Optional[str] = ..., unmet: _Optional[_Iterable[str]] = ..., by_user_id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., title: _Optional[str] = ..., unmet_criteria: _Optional[_Iterable[_Union[_coded_pb2.Coded, _Mapping]]] = ...) -> None: ...

class QuoteLine(_message.Message):
    __slots__ = ("product_code", "product_name", "kind", "quantity", "unit_price_fen", "line_total_fen")
    PRODUCT_CODE_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FEN_FIELD_NUMBER: _ClassVar[int]
    LINE_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    product_code: str
    product_name: str
    kind: str
    quantity: int
    unit_price_fen: int
    line_total_fen: int
    def __init__(self, product_code: _Optional[str] = ..., product_name: _Optional[str] = ..., kind: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_price_fen: _Optional[int] = ..., line_total_fen: _Optional[int] = ...) -> None: ...

class QuoteIssued(_message.Message):
    __slots__ = ("quote_id", "opportunity_id", "version", "owner_id", "region_id", "account_name", "subtotal_fen", "discount_fen", "total_fen", "discount_bp", "issued_by", "issued_at", "lines", "opportunity_opened_at")
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    SUBTOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_BP_FIELD_NUMBER: _ClassVar[int]
    ISSUED_BY_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    quote_id: str
    opportunity_id: str
    version: int
    owner_id: str
    region_id: str
    account_name: str
    subtotal_fen: int
    discount_fen: int
    total_fen: int
    discount_bp: int
    issued_by: str
    issued_at: _timestamp_pb2.Timestamp
    lines: _containers.RepeatedCompositeFieldContainer[QuoteLine]
    opportunity_opened_at: _timestamp_pb2.Timestamp
    def __init__(self, quote_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., version: _Optional[int] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., account_name: _Optional[str] = ..., subtotal_fen: _Optional[int] = ..., discount_fen: _Optional[int] = ..., total_fen: _Optional[int] = ..., discount_bp: _Optional[int] = ..., issued_by: _Optional[str] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[QuoteLine, _Mapping]]] = ..., opportunity_opened_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ApprovalRequested(_message.Message):
    __slots__ = ("contract_id", "opportunity_id", "step", "approver_id", "approver_role", "delegated_from", "amount_fen", "account_name", "owner_id", "due_at", "reason", "step_id")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    APPROVER_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVER_ROLE_FIELD_NUMBER: _ClassVar[int]
    DELEGATED_FROM_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    STEP_ID_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    opportunity_id: str
    step: int
    approver_id: str
    approver_role: str
    delegated_from: str
    amount_fen: int
    account_name: str
    owner_id: str
    due_at: _timestamp_pb2.Timestamp
    reason: str
    step_id: str
    def __init__(self, contract_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., step: _Optional[int] = ..., approver_id: _Optional[str] = ..., approver_role: _Optional[str] = ..., delegated_from: _Optional[str] = ..., amount_fen: _Optional[int] = ..., account_name: _Optional[str] = ..., owner_id: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., step_id: _Optional[str] = ...) -> None: ...

class ApprovalDecided(_message.Message):
    __slots__ = ("contract_id", "opportunity_id", "step", "approver_id", "decision", "comment", "final", "owner_id", "decided_at", "account_name", "step_id")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    APPROVER_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    FINAL_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    STEP_ID_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    opportunity_id: str
    step: int
    approver_id: str
    decision: str
    comment: str
    final: bool
    owner_id: str
    decided_at: _timestamp_pb2.Timestamp
    account_name: str
    step_id: str
    def __init__(self, contract_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., step: _Optional[int] = ..., approver_id: _Optional[str] = ..., decision: _Optional[str] = ..., comment: _Optional[str] = ..., final: _Optional[bool] = ..., owner_id: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., account_name: _Optional[str] = ..., step_id: _Optional[str] = ...) -> None: ...

class ApprovalEscalated(_message.Message):
    __slots__ = ("contract_id", "opportunity_id", "step", "approver_id", "escalated_to_id", "level", "at", "account_name", "step_id")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    APPROVER_ID_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_TO_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    STEP_ID_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    opportunity_id: str
    step: int
    approver_id: str
    escalated_to_id: str
    level: int
    at: _timestamp_pb2.Timestamp
    account_name: str
    step_id: str
    def __init__(self, contract_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., step: _Optional[int] = ..., approver_id: _Optional[str] = ..., escalated_to_id: _Optional[str] = ..., level: _Optional[int] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., account_name: _Optional[str] = ..., step_id: _Optional[str] = ...) -> None: ...

class ApprovalWithdrawn(_message.Message):
    __slots__ = ("contract_id", "opportunity_id", "step_ids", "why", "owner_id", "account_name", "withdrawn_at")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    STEP_IDS_FIELD_NUMBER: _ClassVar[int]
    WHY_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_AT_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    opportunity_id: str
    step_ids: _containers.RepeatedScalarFieldContainer[str]
    why: str
    owner_id: str
    account_name: str
    withdrawn_at: _timestamp_pb2.Timestamp
    def __init__(self, contract_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., step_ids: _Optional[_Iterable[str]] = ..., why: _Optional[str] = ..., owner_id: _Optional[str] = ..., account_name: _Optional[str] = ..., withdrawn_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DiscountApprovalRequested(_message.Message):
    __slots__ = ("quote_id", "opportunity_id", "version", "approval_role", "owner_id", "region_id", "account_name", "created_by", "discount_bp", "total_fen", "requested_at", "delegate_ids", "reopened", "resumed", "handed_on")
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ROLE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_BP_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    DELEGATE_IDS_FIELD_NUMBER: _ClassVar[int]
    REOPENED_FIELD_NUMBER: _ClassVar[int]
    RESUMED_FIELD_NUMBER: _ClassVar[int]
    HANDED_ON_FIELD_NUMBER: _ClassVar[int]
    quote_id: str
    opportunity_id: str
    version: int
    approval_role: str
    owner_id: str
    region_id: str
    account_name: str
    created_by: str
    discount_bp: int
    total_fen: int
    requested_at: _timestamp_pb2.Timestamp
    delegate_ids: _containers.RepeatedScalarFieldContainer[str]
    reopened: bool
    resumed: bool
    handed_on: bool
    def __init__(self, quote_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., version: _Optional[int] = ..., approval_role: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., account_name: _Optional[str] = ..., created_by: _Optional[str] = ..., discount_bp: _Optional[int] = ..., total_fen: _Optional[int] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delegate_ids: _Optional[_Iterable[str]] = ..., reopened: _Optional[bool] = ..., resumed: _Optional[bool] = ..., handed_on: _Optional[bool] = ...) -> None: ...

class DiscountEscalated(_message.Message):
    __slots__ = ("quote_id", "opportunity_id", "version", "approval_role", "owner_id", "region_id", "account_name", "created_by", "discount_bp", "total_fen", "level", "at", "delegate_ids")
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_ROLE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_BP_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    DELEGATE_IDS_FIELD_NUMBER: _ClassVar[int]
    quote_id: str
    opportunity_id: str
    version: int
    approval_role: str
    owner_id: str
    region_id: str
    account_name: str
    created_by: str
    discount_bp: int
    total_fen: int
    level: int
    at: _timestamp_pb2.Timestamp
    delegate_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, quote_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., version: _Optional[int] = ..., approval_role: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., account_name: _Optional[str] = ..., created_by: _Optional[str] = ..., discount_bp: _Optional[int] = ..., total_fen: _Optional[int] = ..., level: _Optional[int] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delegate_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class DiscountDecided(_message.Message):
    __slots__ = ("quote_id", "opportunity_id", "version", "decided_by", "decision", "comment", "owner_id", "created_by", "account_name", "decided_at")
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    quote_id: str
    opportunity_id: str
    version: int
    decided_by: str
    decision: str
    comment: str
    owner_id: str
    created_by: str
    account_name: str
    decided_at: _timestamp_pb2.Timestamp
    def __init__(self, quote_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., version: _Optional[int] = ..., decided_by: _Optional[str] = ..., decision: _Optional[str] = ..., comment: _Optional[str] = ..., owner_id: _Optional[str] = ..., created_by: _Optional[str] = ..., account_name: _Optional[str] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DiscountWithdrawn(_message.Message):
    __slots__ = ("quote_id", "opportunity_id", "why", "owner_id", "account_name", "withdrawn_at")
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    WHY_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_AT_FIELD_NUMBER: _ClassVar[int]
    quote_id: str
    opportunity_id: str
    why: str
    owner_id: str
    account_name: str
    withdrawn_at: _timestamp_pb2.Timestamp
    def __init__(self, quote_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., why: _Optional[str] = ..., owner_id: _Optional[str] = ..., account_name: _Optional[str] = ..., withdrawn_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SignatureCompleted(_message.Message):
    __slots__ = ("contract_id", "opportunity_id", "owner_id", "region_id", "document_sha256", "signer_name", "signed_at", "account_name")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_SHA256_FIELD_NUMBER: _ClassVar[int]
    SIGNER_NAME_FIELD_NUMBER: _ClassVar[int]
    SIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    opportunity_id: str
    owner_id: str
    region_id: str
    document_sha256: str
    signer_name: str
    signed_at: _timestamp_pb2.Timestamp
    account_name: str
    def __init__(self, contract_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., document_sha256: _Optional[str] = ..., signer_name: _Optional[str] = ..., signed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., account_name: _Optional[str] = ...) -> None: ...

class DealWon(_message.Message):
    __slots__ = ("opportunity_id", "owner_id", "region_id", "account_id", "account_name", "amount_fen", "cycle_seconds", "won_at", "lead_id", "industry", "scale", "product_codes", "contract_id", "title", "by_user_id")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    CYCLE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    WON_AT_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    SCALE_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_CODES_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    owner_id: str
    region_id: str
    account_id: str
    account_name: str
    amount_fen: int
    cycle_seconds: int
    won_at: _timestamp_pb2.Timestamp
    lead_id: str
    industry: str
    scale: str
    product_codes: _containers.RepeatedScalarFieldContainer[str]
    contract_id: str
    title: str
    by_user_id: str
    def __init__(self, opportunity_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., account_id: _Optional[str] = ..., account_name: _Optional[str] = ..., amount_fen: _Optional[int] = ..., cycle_seconds: _Optional[int] = ..., won_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., lead_id: _Optional[str] = ..., industry: _Optional[str] = ..., scale: _Optional[str] = ..., product_codes: _Optional[_Iterable[str]] = ..., contract_id: _Optional[str] = ..., title: _Optional[str] = ..., by_user_id: _Optional[str] = ...) -> None: ...

class SignatureRequested(_message.Message):
    __slots__ = ("contract_id", "opportunity_id", "request_id", "signer_name", "signer_phone", "code", "link_token", "expires_at", "account_name", "owner_id")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNER_NAME_FIELD_NUMBER: _ClassVar[int]
    SIGNER_PHONE_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    LINK_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    opportunity_id: str
    request_id: str
    signer_name: str
    signer_phone: str
    code: str
    link_token: str
    expires_at: _timestamp_pb2.Timestamp
    account_name: str
    owner_id: str
    def __init__(self, contract_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., request_id: _Optional[str] = ..., signer_name: _Optional[str] = ..., signer_phone: _Optional[str] = ..., code: _Optional[str] = ..., link_token: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., account_name: _Optional[str] = ..., owner_id: _Optional[str] = ...) -> None: ...

class OpportunitiesHandedOver(_message.Message):
    __slots__ = ("handover_id", "from_user_id", "from_username", "to_user_id", "to_username", "by_user_id", "reason", "count", "opportunity_ids", "contract_ids", "at", "leaver_manager_id")
    HANDOVER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_USER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_USERNAME_FIELD_NUMBER: _ClassVar[int]
    TO_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TO_USERNAME_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_IDS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_IDS_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    LEAVER_MANAGER_ID_FIELD_NUMBER: _ClassVar[int]
    handover_id: str
    from_user_id: str
    from_username: str
    to_user_id: str
    to_username: str
    by_user_id: str
    reason: str
    count: int
    opportunity_ids: _containers.RepeatedScalarFieldContainer[str]
    contract_ids: _containers.RepeatedScalarFieldContainer[str]
    at: _timestamp_pb2.Timestamp
    leaver_manager_id: str
    def __init__(self, handover_id: _Optional[str] = ..., from_user_id: _Optional[str] = ..., from_username: _Optional[str] = ..., to_user_id: _Optional[str] = ..., to_username: _Optional[str] = ..., by_user_id: _Optional[str] = ..., reason: _Optional[str] = ..., count: _Optional[int] = ..., opportunity_ids: _Optional[_Iterable[str]] = ..., contract_ids: _Optional[_Iterable[str]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., leaver_manager_id: _Optional[str] = ...) -> None: ...

class DealHistoryRecorded(_message.Message):
    __slots__ = ("opportunity_id", "owner_id", "events")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    owner_id: str
    events: _containers.RepeatedCompositeFieldContainer[_envelope_pb2.Envelope]
    def __init__(self, opportunity_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., events: _Optional[_Iterable[_Union[_envelope_pb2.Envelope, _Mapping]]] = ...) -> None: ...
