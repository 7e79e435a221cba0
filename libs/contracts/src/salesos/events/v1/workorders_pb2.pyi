import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WorkOrderRef(_message.Message):
    __slots__ = ("work_order_id", "title", "department", "requester_id", "assignee_id", "cc_ids", "opportunity_id", "region_id", "due_at", "state", "supervisor_id", "department_name")
    WORK_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_ID_FIELD_NUMBER: _ClassVar[int]
    CC_IDS_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SUPERVISOR_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    work_order_id: str
    title: str
    department: str
    requester_id: str
    assignee_id: str
    cc_ids: _containers.RepeatedScalarFieldContainer[str]
    opportunity_id: str
    region_id: str
    due_at: _timestamp_pb2.Timestamp
    state: str
    supervisor_id: str
    department_name: str
    def __init__(self, work_order_id: _Optional[str] = ..., title: _Optional[str] = ..., department: _Optional[str] = ..., requester_id: _Optional[str] = ..., assignee_id: _Optional[str] = ..., cc_ids: _Optional[_Iterable[str]] = ..., opportunity_id: _Optional[str] = ..., region_id: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state: _Optional[str] = ..., supervisor_id: _Optional[str] = ..., department_name: _Optional[str] = ...) -> None: ...

class WorkOrderCreated(_message.Message):
    __slots__ = ("ref", "need", "acceptance_standard", "respond_by", "automatic", "follow_up_of")
    REF_FIELD_NUMBER: _ClassVar[int]
    NEED_FIELD_NUMBER: _ClassVar[int]
    ACCEPTANCE_STANDARD_FIELD_NUMBER: _ClassVar[int]
    RESPOND_BY_FIELD_NUMBER: _ClassVar[int]
    AUTOMATIC_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_OF_FIELD_NUMBER: _ClassVar[int]
    ref: WorkOrderRef
    need: str
    acceptance_standard: str
    respond_by: _timestamp_pb2.Timestamp
    automatic: bool
    follow_up_of: FollowUpOf
    def __init__(self, ref: _Optional[_Union[WorkOrderRef, _Mapping]] = ..., need: _Optional[str] = ..., acceptance_standard: _Optional[str] = ..., respond_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., automatic: _Optional[bool] = ..., follow_up_of: _Optional[_Union[FollowUpOf, _Mapping]] = ...) -> None: ...

class FollowUpOf(_message.Message):
    __slots__ = ("work_order_id", "title", "assignee_id", "state", "requester_id")
    WORK_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_ID_FIELD_NUMBER: _ClassVar[int]
    work_order_id: str
    title: str
    assignee_id: str
    state: str
    requester_id: str
    def __init__(self, work_order_id: _Optional[str] = ..., title: _Optional[str] = ..., assignee_id: _Optional[str] = ..., state: _Optional[str] = ..., requester_id: _Optional[str] = ...) -> None: ...

class WorkOrderAccepted(_message.Message):
    __slots__ = ("ref", "accepted_at", "response_seconds", "on_time")
    REF_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_AT_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    ref: WorkOrderRef
    accepted_at: _timestamp_pb2.Timestamp
    response_seconds: int
    on_time: bool
    def __init__(self, ref: _Optional[_Union[WorkOrderRef, _Mapping]] = ..., accepted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., response_seconds: _Optional[int] = ..., on_time: _Optional[bool] = ...) -> None: ...

class WorkOrderAssigned(_message.Message):
    __slots__ = ("ref", "by_user_id", "at", "respond_by", "previous_assignee_id")
    REF_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    RESPOND_BY_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_ASSIGNEE_ID_FIELD_NUMBER: _ClassVar[int]
    ref: WorkOrderRef
    by_user_id: str
    at: _timestamp_pb2.Timestamp
    respond_by: _timestamp_pb2.Timestamp
    previous_assignee_id: str
    def __init__(self, ref: _Optional[_Union[WorkOrderRef, _Mapping]] = ..., by_user_id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., respond_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., previous_assignee_id: _Optional[str] = ...) -> None: ...

class WorkOrderProgressPosted(_message.Message):
    __slots__ = ("ref", "by_user_id", "text", "at")
    REF_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ref: WorkOrderRef
    by_user_id: str
    text: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, ref: _Optional[_Union[WorkOrderRef, _Mapping]] = ..., by_user_id: _Optional[str] = ..., text: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class WorkOrderReminded(_message.Message):
    __slots__ = ("ref", "reason", "at", "respond_by", "notify_ids")
    REF_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    RESPOND_BY_FIELD_NUMBER: _ClassVar[int]
    NOTIFY_IDS_FIELD_NUMBER: _ClassVar[int]
    ref: WorkOrderRef
    reason: str
    at: _timestamp_pb2.Timestamp
    respond_by: _timestamp_pb2.Timestamp
    notify_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ref: _Optional[_Union[WorkOrderRef, _Mapping]] = ..., reason: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., respond_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., notify_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class WorkOrderEscalated(_message.Message):
    __slots__ = ("ref", "level", "clock", "notify_ids", "at", "respond_by")
    REF_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    CLOCK_FIELD_NUMBER: _ClassVar[int]
    NOTIFY_IDS_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    RESPOND_BY_FIELD_NUMBER: _ClassVar[int]
    ref: WorkOrderRef
    level: int
    clock: str
    notify_ids: _containers.RepeatedScalarFieldContainer[str]
    at: _timestamp_pb2.Timestamp
    respond_by: _timestamp_pb2.Timestamp
    def __init__(self, ref: _Optional[_Union[WorkOrderRef, _Mapping]] = ..., level: _Optional[int] = ..., clock: _Optional[str] = ..., notify_ids: _Optional[_Iterable[str]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., respond_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class WorkOrderCommented(_message.Message):
    __slots__ = ("ref", "by_user_id", "text", "at")
    REF_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ref: WorkOrderRef
    by_user_id: str
    text: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, ref: _Optional[_Union[WorkOrderRef, _Mapping]] = ..., by_user_id: _Optional[str] = ..., text: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class WorkOrderDelivered(_message.Message):
    __slots__ = ("ref", "delivered_at", "on_time")
    REF_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_AT_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_FIELD_NUMBER: _ClassVar[int]
    ref: WorkOrderRef
    delivered_at: _timestamp_pb2.Timestamp
    on_time: bool
    def __init__(self, ref: _Optional[_Union[WorkOrderRef, _Mapping]] = ..., delivered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., on_time: _Optional[bool] = ...) -> None: ...

class WorkOrderReviewed(_message.Message):
    __slots__ = ("ref", "accepted", "reason", "first_pass", "at", "by_user_id")
    REF_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    FIRST_PASS_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ref: WorkOrderRef
    accepted: bool
    reason: str
    first_pass: bool
    at: _timestamp_pb2.Timestamp
    by_user_id: str
    def __init__(self, ref: _Optional[_Union[WorkOrderRef, _Mapping]] = ..., accepted: _Optional[bool] = ..., reason: _Optional[str] = ..., first_pass: _Optional[bool] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., by_user_id: _Optional[str] = ...) -> None: ...

class WorkOrderClosed(_message.Message):
    __slots__ = ("ref", "cancelled", "reason", "at", "by_user_id")
    REF_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    ref: WorkOrderRef
    cancelled: bool
    reason: str
    at: _timestamp_pb2.Timestamp
    by_user_id: str
    def __init__(self, ref: _Optional[_Union[WorkOrderRef, _Mapping]] = ..., cancelled: _Optional[bool] = ..., reason: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., by_user_id: _Optional[str] = ...) -> None: ...

class WorkOrderHandedOver(_message.Message):
    __slots__ = ("ref", "handover_id", "part", "from_user_id", "from_username", "to_user_id", "to_username", "by_user_id", "reason", "leaver_manager_id", "at")
    REF_FIELD_NUMBER: _ClassVar[int]
    HANDOVER_ID_FIELD_NUMBER: _ClassVar[int]
    PART_FIELD_NUMBER: _ClassVar[int]
    FROM_USER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_USERNAME_FIELD_NUMBER: _ClassVar[int]
    TO_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TO_USERNAME_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    LEAVER_MANAGER_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ref: WorkOrderRef
    handover_id: str
    part: str
    from_user_id: str
    from_username: str
    to_user_id: str
    to_username: str
    by_user_id: str
    reason: str
    leaver_manager_id: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, ref: _Optional[_Union[WorkOrderRef, _Mapping]] = ..., handover_id: _Optional[str] = ..., part: _Optional[str] = ..., from_user_id: _Optional[str] = ..., from_username: _Optional[str] = ..., to_user_id: _Optional[str] = ..., to_username: _Optional[str] = ..., by_user_id: _Optional[str] = ..., reason: _Optional[str] = ..., leaver_manager_id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
