import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
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
    __slots__ = ("id", "status", "owner_id", "owner_username", "assigned_at", "source", "name", "company", "phone", "email", "province", "region_id", "industry", "message", "created_at", "assignment_reason")
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
    def __init__(self, id: _Optional[str] = ..., status: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., assigned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[str] = ..., name: _Optional[str] = ..., company: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., province: _Optional[str] = ..., region_id: _Optional[str] = ..., industry: _Optional[str] = ..., message: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., assignment_reason: _Optional[str] = ...) -> None: ...
