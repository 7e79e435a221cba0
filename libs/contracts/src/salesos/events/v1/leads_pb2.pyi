import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LeadCreated(_message.Message):
    __slots__ = ("lead_id", "source", "name", "company", "phone", "email", "province", "region_id", "industry")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PROVINCE_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    source: str
    name: str
    company: str
    phone: str
    email: str
    province: str
    region_id: str
    industry: str
    def __init__(self, lead_id: _Optional[str] = ..., source: _Optional[str] = ..., name: _Optional[str] = ..., company: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., province: _Optional[str] = ..., region_id: _Optional[str] = ..., industry: _Optional[str] = ...) -> None: ...

class LeadAssigned(_message.Message):
    __slots__ = ("lead_id", "owner_id", "owner_username", "region_id", "company", "name", "assigned_at", "reason")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    owner_id: str
    owner_username: str
    region_id: str
    company: str
    name: str
    assigned_at: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, lead_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., region_id: _Optional[str] = ..., company: _Optional[str] = ..., name: _Optional[str] = ..., assigned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class LeadUnassignable(_message.Message):
    __slots__ = ("lead_id", "region_id", "reason")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    region_id: str
    reason: str
    def __init__(self, lead_id: _Optional[str] = ..., region_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class LeadReassigned(_message.Message):
    __slots__ = ("lead_id", "from_owner_id", "to_owner_id", "by_user_id", "reason", "reassigned_at")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    TO_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REASSIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    from_owner_id: str
    to_owner_id: str
    by_user_id: str
    reason: str
    reassigned_at: _timestamp_pb2.Timestamp
    def __init__(self, lead_id: _Optional[str] = ..., from_owner_id: _Optional[str] = ..., to_owner_id: _Optional[str] = ..., by_user_id: _Optional[str] = ..., reason: _Optional[str] = ..., reassigned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LeadRejected(_message.Message):
    __slots__ = ("lead_id", "rejected_by", "reason", "rejected_at")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    REJECTED_BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REJECTED_AT_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    rejected_by: str
    reason: str
    rejected_at: _timestamp_pb2.Timestamp
    def __init__(self, lead_id: _Optional[str] = ..., rejected_by: _Optional[str] = ..., reason: _Optional[str] = ..., rejected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
