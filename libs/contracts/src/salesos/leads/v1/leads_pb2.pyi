import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateLeadRequest(_message.Message):
    __slots__ = ("idempotency_key", "source", "name", "company", "phone", "email", "province", "industry", "message", "wechat_id", "title", "event", "booth", "channel", "source_kind")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PROVINCE_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    WECHAT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    BOOTH_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SOURCE_KIND_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    source: str
    name: str
    company: str
    phone: str
    email: str
    province: str
    industry: str
    message: str
    wechat_id: str
    title: str
    event: str
    booth: str
    channel: str
    source_kind: str
    def __init__(self, idempotency_key: _Optional[str] = ..., source: _Optional[str] = ..., name: _Optional[str] = ..., company: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., province: _Optional[str] = ..., industry: _Optional[str] = ..., message: _Optional[str] = ..., wechat_id: _Optional[str] = ..., title: _Optional[str] = ..., event: _Optional[str] = ..., booth: _Optional[str] = ..., channel: _Optional[str] = ..., source_kind: _Optional[str] = ...) -> None: ...

class CreateLeadsRequest(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[CreateLeadsItem]
    def __init__(self, items: _Optional[_Iterable[_Union[CreateLeadsItem, _Mapping]]] = ...) -> None: ...

class CreateLeadsItem(_message.Message):
    __slots__ = ("lead", "traceparent", "tracestate")
    LEAD_FIELD_NUMBER: _ClassVar[int]
    TRACEPARENT_FIELD_NUMBER: _ClassVar[int]
    TRACESTATE_FIELD_NUMBER: _ClassVar[int]
    lead: CreateLeadRequest
    traceparent: str
    tracestate: str
    def __init__(self, lead: _Optional[_Union[CreateLeadRequest, _Mapping]] = ..., traceparent: _Optional[str] = ..., tracestate: _Optional[str] = ...) -> None: ...

class CreateLeadsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[CreateLeadsResult]
    def __init__(self, results: _Optional[_Iterable[_Union[CreateLeadsResult, _Mapping]]] = ...) -> None: ...

class CreateLeadsResult(_message.Message):
    __slots__ = ("lead", "error_field", "error_message")
    LEAD_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    lead: CreateLeadResponse
    error_field: str
    error_message: str
    def __init__(self, lead: _Optional[_Union[CreateLeadResponse, _Mapping]] = ..., error_field: _Optional[str] = ..., error_message: _Optional[str] = ...) -> None: ...

class CreateLeadResponse(_message.Message):
    __slots__ = ("lead_id", "created", "merged", "duplicate_of", "match_reason")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    MERGED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_OF_FIELD_NUMBER: _ClassVar[int]
    MATCH_REASON_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    created: bool
    merged: bool
    duplicate_of: str
    match_reason: str
    def __init__(self, lead_id: _Optional[str] = ..., created: _Optional[bool] = ..., merged: _Optional[bool] = ..., duplicate_of: _Optional[str] = ..., match_reason: _Optional[str] = ...) -> None: ...

class LeadTouch(_message.Message):
    __slots__ = ("id", "lead_id", "source", "channel", "summary", "match_reason", "touched_at", "filled_fields", "filled")
    ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    MATCH_REASON_FIELD_NUMBER: _ClassVar[int]
    TOUCHED_AT_FIELD_NUMBER: _ClassVar[int]
    FILLED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    FILLED_FIELD_NUMBER: _ClassVar[int]
    id: str
    lead_id: str
    source: str
    channel: str
    summary: str
    match_reason: str
    touched_at: _timestamp_pb2.Timestamp
    filled_fields: _containers.RepeatedScalarFieldContainer[str]
    filled: str
    def __init__(self, id: _Optional[str] = ..., lead_id: _Optional[str] = ..., source: _Optional[str] = ..., channel: _Optional[str] = ..., summary: _Optional[str] = ..., match_reason: _Optional[str] = ..., touched_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., filled_fields: _Optional[_Iterable[str]] = ..., filled: _Optional[str] = ...) -> None: ...

class LeadMerge(_message.Message):
    __slots__ = ("id", "survivor_id", "merged_id", "merged_by", "merged_at", "undone_by", "undone_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    SURVIVOR_ID_FIELD_NUMBER: _ClassVar[int]
    MERGED_ID_FIELD_NUMBER: _ClassVar[int]
    MERGED_BY_FIELD_NUMBER: _ClassVar[int]
    MERGED_AT_FIELD_NUMBER: _ClassVar[int]
    UNDONE_BY_FIELD_NUMBER: _ClassVar[int]
    UNDONE_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    survivor_id: str
    merged_id: str
    merged_by: str
    merged_at: _timestamp_pb2.Timestamp
    undone_by: str
    undone_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., survivor_id: _Optional[str] = ..., merged_id: _Optional[str] = ..., merged_by: _Optional[str] = ..., merged_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., undone_by: _Optional[str] = ..., undone_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MergeLeadsRequest(_message.Message):
    __slots__ = ("lead_id", "other_lead_id")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OTHER_LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    other_lead_id: str
    def __init__(self, lead_id: _Optional[str] = ..., other_lead_id: _Optional[str] = ...) -> None: ...

class UnmergeLeadsRequest(_message.Message):
    __slots__ = ("lead_id", "merge_id")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    MERGE_ID_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    merge_id: str
    def __init__(self, lead_id: _Optional[str] = ..., merge_id: _Optional[str] = ...) -> None: ...

class GetLeadRequest(_message.Message):
    __slots__ = ("lead_id",)
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    def __init__(self, lead_id: _Optional[str] = ...) -> None: ...

class Lead(_message.Message):
    __slots__ = ("id", "status", "owner_id", "owner_username", "assigned_at", "source", "name", "company", "phone", "email", "province", "region_id", "industry", "message", "created_at", "assignment_reason", "first_contact_due_at", "first_contacted_at", "disqualified_reason", "wechat_id", "title", "event", "booth", "merged_into", "touches", "merges", "company_key", "province_source", "assignment_rule_id", "company_scale", "pain_point", "budget_fen", "decision_chain", "urgency", "tags", "score", "score_factors")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PROVINCE_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENT_REASON_FIELD_NUMBER: _ClassVar[int]
    FIRST_CONTACT_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    FIRST_CONTACTED_AT_FIELD_NUMBER: _ClassVar[int]
    DISQUALIFIED_REASON_FIELD_NUMBER: _ClassVar[int]
    WECHAT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    BOOTH_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    TOUCHES_FIELD_NUMBER: _ClassVar[int]
    MERGES_FIELD_NUMBER: _ClassVar[int]
    COMPANY_KEY_FIELD_NUMBER: _ClassVar[int]
    PROVINCE_SOURCE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENT_RULE_ID_FIELD_NUMBER: _ClassVar[int]
    COMPANY_SCALE_FIELD_NUMBER: _ClassVar[int]
    PAIN_POINT_FIELD_NUMBER: _ClassVar[int]
    BUDGET_FEN_FIELD_NUMBER: _ClassVar[int]
    DECISION_CHAIN_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FACTORS_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: str
    owner_id: str
    owner_username: str
    assigned_at: _timestamp_pb2.Timestamp
    source: str
    name: str
    company: str
    phone: str
    email: str
    province: str
    region_id: str
    industry: str
    message: str
    created_at: _timestamp_pb2.Timestamp
    assignment_reason: str
    first_contact_due_at: _timestamp_pb2.Timestamp
    first_contacted_at: _timestamp_pb2.Timestamp
    disqualified_reason: str
    wechat_id: str
    title: str
    event: str
    booth: str
    merged_into: str
    touches: _containers.RepeatedCompositeFieldContainer[LeadTouch]
    merges: _containers.RepeatedCompositeFieldContainer[LeadMerge]
    company_key: str
    province_source: str
    assignment_rule_id: str
    company_scale: str
    pain_point: str
    budget_fen: int
    decision_chain: _containers.RepeatedCompositeFieldContainer[DecisionMaker]
    urgency: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    score: int
    score_factors: _containers.RepeatedCompositeFieldContainer[ScoreFactor]
    def __init__(self, id: _Optional[str] = ..., status: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., assigned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[str] = ..., name: _Optional[str] = ..., company: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., province: _Optional[str] = ..., region_id: _Optional[str] = ..., industry: _Optional[str] = ..., message: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., assignment_reason: _Optional[str] = ..., first_contact_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., first_contacted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., disqualified_reason: _Optional[str] = ..., wechat_id: _Optional[str] = ..., title: _Optional[str] = ..., event: _Optional[str] = ..., booth: _Optional[str] = ..., merged_into: _Optional[str] = ..., touches: _Optional[_Iterable[_Union[LeadTouch, _Mapping]]] = ..., merges: _Optional[_Iterable[_Union[LeadMerge, _Mapping]]] = ..., company_key: _Optional[str] = ..., province_source: _Optional[str] = ..., assignment_rule_id: _Optional[str] = ..., company_scale: _Optional[str] = ..., pain_point: _Optional[str] = ..., budget_fen: _Optional[int] = ..., decision_chain: _Optional[_Iterable[_Union[DecisionMaker, _Mapping]]] = ..., urgency: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., score: _Optional[int] = ..., score_factors: _Optional[_Iterable[_Union[ScoreFactor, _Mapping]]] = ...) -> None: ...

class AssignmentRule(_message.Message):
    __slots__ = ("id", "name", "position", "enabled", "provinces", "region_ids", "industries", "sources", "score_min", "score_max", "target_kind", "target_user_ids", "target_region_id", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    PROVINCES_FIELD_NUMBER: _ClassVar[int]
    REGION_IDS_FIELD_NUMBER: _ClassVar[int]
    INDUSTRIES_FIELD_NUMBER: _ClassVar[int]
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    SCORE_MIN_FIELD_NUMBER: _ClassVar[int]
    SCORE_MAX_FIELD_NUMBER: _ClassVar[int]
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    TARGET_REGION_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    position: int
    enabled: bool
    provinces: _containers.RepeatedScalarFieldContainer[str]
    region_ids: _containers.RepeatedScalarFieldContainer[str]
    industries: _containers.RepeatedScalarFieldContainer[str]
    sources: _containers.RepeatedScalarFieldContainer[str]
    score_min: int
    score_max: int
    target_kind: str
    target_user_ids: _containers.RepeatedScalarFieldContainer[str]
    target_region_id: str
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., position: _Optional[int] = ..., enabled: _Optional[bool] = ..., provinces: _Optional[_Iterable[str]] = ..., region_ids: _Optional[_Iterable[str]] = ..., industries: _Optional[_Iterable[str]] = ..., sources: _Optional[_Iterable[str]] = ..., score_min: _Optional[int] = ..., score_max: _Optional[int] = ..., target_kind: _Optional[str] = ..., target_user_ids: _Optional[_Iterable[str]] = ..., target_region_id: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListAssignmentRulesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListAssignmentRulesResponse(_message.Message):
    __slots__ = ("rules",)
    RULES_FIELD_NUMBER: _ClassVar[int]
    rules: _containers.RepeatedCompositeFieldContainer[AssignmentRule]
    def __init__(self, rules: _Optional[_Iterable[_Union[AssignmentRule, _Mapping]]] = ...) -> None: ...

class SaveAssignmentRuleRequest(_message.Message):
    __slots__ = ("rule", "idempotency_key")
    RULE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    rule: AssignmentRule
    idempotency_key: str
    def __init__(self, rule: _Optional[_Union[AssignmentRule, _Mapping]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class DeleteAssignmentRuleRequest(_message.Message):
    __slots__ = ("rule_id",)
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    rule_id: str
    def __init__(self, rule_id: _Optional[str] = ...) -> None: ...

class DeleteAssignmentRuleResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ReorderAssignmentRulesRequest(_message.Message):
    __slots__ = ("rule_ids",)
    RULE_IDS_FIELD_NUMBER: _ClassVar[int]
    rule_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, rule_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class RepAssignmentSettings(_message.Message):
    __slots__ = ("user_id", "capacity", "daily_cap", "away", "away_until", "assigned_today")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    DAILY_CAP_FIELD_NUMBER: _ClassVar[int]
    AWAY_FIELD_NUMBER: _ClassVar[int]
    AWAY_UNTIL_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TODAY_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    capacity: int
    daily_cap: int
    away: bool
    away_until: _timestamp_pb2.Timestamp
    assigned_today: int
    def __init__(self, user_id: _Optional[str] = ..., capacity: _Optional[int] = ..., daily_cap: _Optional[int] = ..., away: _Optional[bool] = ..., away_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., assigned_today: _Optional[int] = ...) -> None: ...

class SetRepAssignmentSettingsRequest(_message.Message):
    __slots__ = ("user_id", "capacity", "daily_cap")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    DAILY_CAP_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    capacity: int
    daily_cap: int
    def __init__(self, user_id: _Optional[str] = ..., capacity: _Optional[int] = ..., daily_cap: _Optional[int] = ...) -> None: ...

class SetRepAvailabilityRequest(_message.Message):
    __slots__ = ("user_id", "away", "until")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    AWAY_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    away: bool
    until: _timestamp_pb2.Timestamp
    def __init__(self, user_id: _Optional[str] = ..., away: _Optional[bool] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReassignLeadRequest(_message.Message):
    __slots__ = ("lead_id", "owner_id", "reason", "idempotency_key")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    owner_id: str
    reason: str
    idempotency_key: str
    def __init__(self, lead_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., reason: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class RejectLeadRequest(_message.Message):
    __slots__ = ("lead_id", "reason", "idempotency_key")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    reason: str
    idempotency_key: str
    def __init__(self, lead_id: _Optional[str] = ..., reason: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class DecisionMaker(_message.Message):
    __slots__ = ("name", "title", "role")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    name: str
    title: str
    role: str
    def __init__(self, name: _Optional[str] = ..., title: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class ScoreFactor(_message.Message):
    __slots__ = ("factor", "points", "reason_zh")
    FACTOR_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    REASON_ZH_FIELD_NUMBER: _ClassVar[int]
    factor: str
    points: int
    reason_zh: str
    def __init__(self, factor: _Optional[str] = ..., points: _Optional[int] = ..., reason_zh: _Optional[str] = ...) -> None: ...

class DecisionChain(_message.Message):
    __slots__ = ("members",)
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[DecisionMaker]
    def __init__(self, members: _Optional[_Iterable[_Union[DecisionMaker, _Mapping]]] = ...) -> None: ...

class Tags(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, values: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateQualificationRequest(_message.Message):
    __slots__ = ("lead_id", "industry", "company_scale", "pain_point", "budget_fen", "budget_yuan", "decision_chain", "urgency", "tags", "clear_budget", "province")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    COMPANY_SCALE_FIELD_NUMBER: _ClassVar[int]
    PAIN_POINT_FIELD_NUMBER: _ClassVar[int]
    BUDGET_FEN_FIELD_NUMBER: _ClassVar[int]
    BUDGET_YUAN_FIELD_NUMBER: _ClassVar[int]
    DECISION_CHAIN_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CLEAR_BUDGET_FIELD_NUMBER: _ClassVar[int]
    PROVINCE_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    industry: str
    company_scale: str
    pain_point: str
    budget_fen: int
    budget_yuan: str
    decision_chain: DecisionChain
    urgency: str
    tags: Tags
    clear_budget: bool
    province: str
    def __init__(self, lead_id: _Optional[str] = ..., industry: _Optional[str] = ..., company_scale: _Optional[str] = ..., pain_point: _Optional[str] = ..., budget_fen: _Optional[int] = ..., budget_yuan: _Optional[str] = ..., decision_chain: _Optional[_Union[DecisionChain, _Mapping]] = ..., urgency: _Optional[str] = ..., tags: _Optional[_Union[Tags, _Mapping]] = ..., clear_budget: _Optional[bool] = ..., province: _Optional[str] = ...) -> None: ...

class ListLeadsRequest(_message.Message):
    __slots__ = ("status", "owner_id", "region_id", "source", "overdue", "created_from", "created_to", "q", "page_size", "page_token")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    CREATED_FROM_FIELD_NUMBER: _ClassVar[int]
    CREATED_TO_FIELD_NUMBER: _ClassVar[int]
    Q_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    status: str
    owner_id: str
    region_id: str
    source: str
    overdue: bool
    created_from: _timestamp_pb2.Timestamp
    created_to: _timestamp_pb2.Timestamp
    q: str
    page_size: int
    page_token: str
    def __init__(self, status: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., source: _Optional[str] = ..., overdue: _Optional[bool] = ..., created_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., q: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListLeadsResponse(_message.Message):
    __slots__ = ("leads", "next_page_token")
    LEADS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    leads: _containers.RepeatedCompositeFieldContainer[Lead]
    next_page_token: str
    def __init__(self, leads: _Optional[_Iterable[_Union[Lead, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ImportChunk(_message.Message):
    __slots__ = ("filename", "idempotency_key", "data")
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    filename: str
    idempotency_key: str
    data: bytes
    def __init__(self, filename: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., data: _Optional[bytes] = ...) -> None: ...

class GetImportRequest(_message.Message):
    __slots__ = ("import_id",)
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    import_id: str
    def __init__(self, import_id: _Optional[str] = ...) -> None: ...

class ImportStatus(_message.Message):
    __slots__ = ("import_id", "state", "rows_total", "rows_done", "rows_created", "rows_merged", "rows_failed", "filename", "error", "created_at", "finished_at", "created_by", "rows_warned")
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ROWS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    ROWS_DONE_FIELD_NUMBER: _ClassVar[int]
    ROWS_CREATED_FIELD_NUMBER: _ClassVar[int]
    ROWS_MERGED_FIELD_NUMBER: _ClassVar[int]
    ROWS_FAILED_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    ROWS_WARNED_FIELD_NUMBER: _ClassVar[int]
    import_id: str
    state: str
    rows_total: int
    rows_done: int
    rows_created: int
    rows_merged: int
    rows_failed: int
    filename: str
    error: str
    created_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    created_by: str
    rows_warned: int
    def __init__(self, import_id: _Optional[str] = ..., state: _Optional[str] = ..., rows_total: _Optional[int] = ..., rows_done: _Optional[int] = ..., rows_created: _Optional[int] = ..., rows_merged: _Optional[int] = ..., rows_failed: _Optional[int] = ..., filename: _Optional[str] = ..., error: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[str] = ..., rows_warned: _Optional[int] = ...) -> None: ...

class ListImportsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListImportsResponse(_message.Message):
    __slots__ = ("imports", "next_page_token")
    IMPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    imports: _containers.RepeatedCompositeFieldContainer[ImportStatus]
    next_page_token: str
    def __init__(self, imports: _Optional[_Iterable[_Union[ImportStatus, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ImportError(_message.Message):
    __slots__ = ("row_number", "headers", "values", "reason", "warning")
    ROW_NUMBER_FIELD_NUMBER: _ClassVar[int]
    HEADERS_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    WARNING_FIELD_NUMBER: _ClassVar[int]
    row_number: int
    headers: _containers.RepeatedScalarFieldContainer[str]
    values: _containers.RepeatedScalarFieldContainer[str]
    reason: str
    warning: bool
    def __init__(self, row_number: _Optional[int] = ..., headers: _Optional[_Iterable[str]] = ..., values: _Optional[_Iterable[str]] = ..., reason: _Optional[str] = ..., warning: _Optional[bool] = ...) -> None: ...

class LogContactRequest(_message.Message):
    __slots__ = ("lead_id", "idempotency_key", "channel", "outcome", "next_step", "next_step_at")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    NEXT_STEP_FIELD_NUMBER: _ClassVar[int]
    NEXT_STEP_AT_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    idempotency_key: str
    channel: str
    outcome: str
    next_step: str
    next_step_at: _timestamp_pb2.Timestamp
    def __init__(self, lead_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., channel: _Optional[str] = ..., outcome: _Optional[str] = ..., next_step: _Optional[str] = ..., next_step_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Contact(_message.Message):
    __slots__ = ("id", "lead_id", "rep_id", "channel", "outcome", "next_step", "next_step_at", "contacted_at", "lead_status")
    ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    REP_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    NEXT_STEP_FIELD_NUMBER: _ClassVar[int]
    NEXT_STEP_AT_FIELD_NUMBER: _ClassVar[int]
    CONTACTED_AT_FIELD_NUMBER: _ClassVar[int]
    LEAD_STATUS_FIELD_NUMBER: _ClassVar[int]
    id: str
    lead_id: str
    rep_id: str
    channel: str
    outcome: str
    next_step: str
    next_step_at: _timestamp_pb2.Timestamp
    contacted_at: _timestamp_pb2.Timestamp
    lead_status: str
    def __init__(self, id: _Optional[str] = ..., lead_id: _Optional[str] = ..., rep_id: _Optional[str] = ..., channel: _Optional[str] = ..., outcome: _Optional[str] = ..., next_step: _Optional[str] = ..., next_step_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., contacted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., lead_status: _Optional[str] = ...) -> None: ...

class ListContactsRequest(_message.Message):
    __slots__ = ("lead_id", "page_size", "page_token")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    page_size: int
    page_token: str
    def __init__(self, lead_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListContactsResponse(_message.Message):
    __slots__ = ("contacts", "next_page_token")
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    contacts: _containers.RepeatedCompositeFieldContainer[Contact]
    next_page_token: str
    def __init__(self, contacts: _Optional[_Iterable[_Union[Contact, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class QualifyLeadRequest(_message.Message):
    __slots__ = ("lead_id",)
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    def __init__(self, lead_id: _Optional[str] = ...) -> None: ...

class DisqualifyLeadRequest(_message.Message):
    __slots__ = ("lead_id", "reason")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    reason: str
    def __init__(self, lead_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CalendarDay(_message.Message):
    __slots__ = ("date", "name")
    DATE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    date: str
    name: str
    def __init__(self, date: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class CalendarYear(_message.Message):
    __slots__ = ("year", "holidays", "workdays", "source")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    HOLIDAYS_FIELD_NUMBER: _ClassVar[int]
    WORKDAYS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    year: int
    holidays: _containers.RepeatedCompositeFieldContainer[CalendarDay]
    workdays: _containers.RepeatedCompositeFieldContainer[CalendarDay]
    source: str
    def __init__(self, year: _Optional[int] = ..., holidays: _Optional[_Iterable[_Union[CalendarDay, _Mapping]]] = ..., workdays: _Optional[_Iterable[_Union[CalendarDay, _Mapping]]] = ..., source: _Optional[str] = ...) -> None: ...

class GetCalendarYearRequest(_message.Message):
    __slots__ = ("year",)
    YEAR_FIELD_NUMBER: _ClassVar[int]
    year: int
    def __init__(self, year: _Optional[int] = ...) -> None: ...

class HandOverLeadsRequest(_message.Message):
    __slots__ = ("handover_id", "from_user_id", "from_username", "to_user_id", "to_username", "reason", "by_user_id", "by_username", "leaver_manager_id", "by_rules")
    HANDOVER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_USER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_USERNAME_FIELD_NUMBER: _ClassVar[int]
    TO_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TO_USERNAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    BY_USERNAME_FIELD_NUMBER: _ClassVar[int]
    LEAVER_MANAGER_ID_FIELD_NUMBER: _ClassVar[int]
    BY_RULES_FIELD_NUMBER: _ClassVar[int]
    handover_id: str
    from_user_id: str
    from_username: str
    to_user_id: str
    to_username: str
    reason: str
    by_user_id: str
    by_username: str
    leaver_manager_id: str
    by_rules: bool
    def __init__(self, handover_id: _Optional[str] = ..., from_user_id: _Optional[str] = ..., from_username: _Optional[str] = ..., to_user_id: _Optional[str] = ..., to_username: _Optional[str] = ..., reason: _Optional[str] = ..., by_user_id: _Optional[str] = ..., by_username: _Optional[str] = ..., leaver_manager_id: _Optional[str] = ..., by_rules: _Optional[bool] = ...) -> None: ...

class HandOverLeadsResponse(_message.Message):
    __slots__ = ("moved", "unplaced", "qualified_moved")
    MOVED_FIELD_NUMBER: _ClassVar[int]
    UNPLACED_FIELD_NUMBER: _ClassVar[int]
    QUALIFIED_MOVED_FIELD_NUMBER: _ClassVar[int]
    moved: int
    unplaced: int
    qualified_moved: int
    def __init__(self, moved: _Optional[int] = ..., unplaced: _Optional[int] = ..., qualified_moved: _Optional[int] = ...) -> None: ...
