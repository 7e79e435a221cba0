import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateLeadRequest(_message.Message):
    __slots__ = ("idempotency_key", "source", "name", "company", "phone", "email", "province", "industry", "message")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PROVINCE_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    source: str
    name: str
    company: str
    phone: str
    email: str
    province: str
    industry: str
    message: str
    def __init__(self, idempotency_key: _Optional[str] = ..., source: _Optional[str] = ..., name: _Optional[str] = ..., company: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., province: _Optional[str] = ..., industry: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class CreateLeadResponse(_message.Message):
    __slots__ = ("lead_id", "created")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    created: bool
    def __init__(self, lead_id: _Optional[str] = ..., created: _Optional[bool] = ...) -> None: ...

class GetLeadRequest(_message.Message):
    __slots__ = ("lead_id",)
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    def __init__(self, lead_id: _Optional[str] = ...) -> None: ...

class Lead(_message.Message):
    __slots__ = ("id", "status", "owner_id", "owner_username", "assigned_at", "source", "name", "company", "phone", "email", "province", "region_id", "industry", "message", "created_at", "assignment_reason", "assignment_rule_id")
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
    ASSIGNMENT_RULE_ID_FIELD_NUMBER: _ClassVar[int]
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
    assignment_rule_id: str
    def __init__(self, id: _Optional[str] = ..., status: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., assigned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[str] = ..., name: _Optional[str] = ..., company: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., province: _Optional[str] = ..., region_id: _Optional[str] = ..., industry: _Optional[str] = ..., message: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., assignment_reason: _Optional[str] = ..., assignment_rule_id: _Optional[str] = ...) -> None: ...

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
