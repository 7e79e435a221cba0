import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
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
    __slots__ = ("opportunity_id", "owner_id", "region_id", "from_stage", "to_stage", "by_user_id", "reason", "changed_at", "seconds_in_from_stage")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_STAGE_FIELD_NUMBER: _ClassVar[int]
    TO_STAGE_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    SECONDS_IN_FROM_STAGE_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    owner_id: str
    region_id: str
    from_stage: str
    to_stage: str
    by_user_id: str
    reason: str
    changed_at: _timestamp_pb2.Timestamp
    seconds_in_from_stage: int
    def __init__(self, opportunity_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., from_stage: _Optional[str] = ..., to_stage: _Optional[str] = ..., by_user_id: _Optional[str] = ..., reason: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., seconds_in_from_stage: _Optional[int] = ...) -> None: ...

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
