import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HandOverWorkOrdersRequest(_message.Message):
    __slots__ = ("handover_id", "from_user_id", "from_username", "to_user_id", "to_username", "reason", "by_user_id", "leaver_manager_id")
    HANDOVER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_USER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_USERNAME_FIELD_NUMBER: _ClassVar[int]
    TO_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TO_USERNAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    LEAVER_MANAGER_ID_FIELD_NUMBER: _ClassVar[int]
    handover_id: str
    from_user_id: str
    from_username: str
    to_user_id: str
    to_username: str
    reason: str
    by_user_id: str
    leaver_manager_id: str
    def __init__(self, handover_id: _Optional[str] = ..., from_user_id: _Optional[str] = ..., from_username: _Optional[str] = ..., to_user_id: _Optional[str] = ..., to_username: _Optional[str] = ..., reason: _Optional[str] = ..., by_user_id: _Optional[str] = ..., leaver_manager_id: _Optional[str] = ...) -> None: ...

class HandOverWorkOrdersResponse(_message.Message):
    __slots__ = ("requested", "requeued", "reassigned")
    REQUESTED_FIELD_NUMBER: _ClassVar[int]
    REQUEUED_FIELD_NUMBER: _ClassVar[int]
    REASSIGNED_FIELD_NUMBER: _ClassVar[int]
    requested: int
    requeued: int
    reassigned: int
    def __init__(self, requested: _Optional[int] = ..., requeued: _Optional[int] = ..., reassigned: _Optional[int] = ...) -> None: ...

class CreateWorkOrderRequest(_message.Message):
    __slots__ = ("title", "need", "acceptance_standard", "due_at", "department", "assignee_id", "opportunity_id", "idempotency_key")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    NEED_FIELD_NUMBER: _ClassVar[int]
    ACCEPTANCE_STANDARD_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    title: str
    need: str
    acceptance_standard: str
    due_at: _timestamp_pb2.Timestamp
    department: str
    assignee_id: str
    opportunity_id: str
    idempotency_key: str
    def __init__(self, title: _Optional[str] = ..., need: _Optional[str] = ..., acceptance_standard: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., department: _Optional[str] = ..., assignee_id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class GetWorkOrderRequest(_message.Message):
    __slots__ = ("work_order_id",)
    WORK_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    work_order_id: str
    def __init__(self, work_order_id: _Optional[str] = ...) -> None: ...

class ListWorkOrdersRequest(_message.Message):
    __slots__ = ("department", "state", "overdue", "mine", "opportunity_id", "page_size", "page_token", "follow_up_of", "requeued_from")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    MINE_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_OF_FIELD_NUMBER: _ClassVar[int]
    REQUEUED_FROM_FIELD_NUMBER: _ClassVar[int]
    department: str
    state: str
    overdue: bool
    mine: bool
    opportunity_id: str
    page_size: int
    page_token: str
    follow_up_of: str
    requeued_from: str
    def __init__(self, department: _Optional[str] = ..., state: _Optional[str] = ..., overdue: _Optional[bool] = ..., mine: _Optional[bool] = ..., opportunity_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., follow_up_of: _Optional[str] = ..., requeued_from: _Optional[str] = ...) -> None: ...

class ListWorkOrdersResponse(_message.Message):
    __slots__ = ("work_orders", "next_page_token")
    WORK_ORDERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    work_orders: _containers.RepeatedCompositeFieldContainer[WorkOrder]
    next_page_token: str
    def __init__(self, work_orders: _Optional[_Iterable[_Union[WorkOrder, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ActRequest(_message.Message):
    __slots__ = ("work_order_id", "text", "accept", "assignee_id", "idempotency_key")
    WORK_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    work_order_id: str
    text: str
    accept: bool
    assignee_id: str
    idempotency_key: str
    def __init__(self, work_order_id: _Optional[str] = ..., text: _Optional[str] = ..., accept: _Optional[bool] = ..., assignee_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class Entry(_message.Message):
    __slots__ = ("id", "kind", "by_user_id", "text", "at", "from_state", "to_state")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    FROM_STATE_FIELD_NUMBER: _ClassVar[int]
    TO_STATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    by_user_id: str
    text: str
    at: _timestamp_pb2.Timestamp
    from_state: str
    to_state: str
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., by_user_id: _Optional[str] = ..., text: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., from_state: _Optional[str] = ..., to_state: _Optional[str] = ...) -> None: ...

class Escalation(_message.Message):
    __slots__ = ("level", "clock", "notify_ids", "at")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    CLOCK_FIELD_NUMBER: _ClassVar[int]
    NOTIFY_IDS_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    level: int
    clock: str
    notify_ids: _containers.RepeatedScalarFieldContainer[str]
    at: _timestamp_pb2.Timestamp
    def __init__(self, level: _Optional[int] = ..., clock: _Optional[str] = ..., notify_ids: _Optional[_Iterable[str]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Attachment(_message.Message):
    __slots__ = ("id", "filename", "content_type", "size", "by_user_id", "at", "sha256")
    ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    id: str
    filename: str
    content_type: str
    size: int
    by_user_id: str
    at: _timestamp_pb2.Timestamp
    sha256: str
    def __init__(self, id: _Optional[str] = ..., filename: _Optional[str] = ..., content_type: _Optional[str] = ..., size: _Optional[int] = ..., by_user_id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., sha256: _Optional[str] = ...) -> None: ...

class WorkOrder(_message.Message):
    __slots__ = ("id", "title", "need", "acceptance_standard", "department", "department_name", "state", "requester_id", "assignee_id", "cc_ids", "opportunity_id", "region_id", "due_at", "respond_by", "created_at", "accepted_at", "delivered_at", "closed_at", "escalation_level", "automatic", "overdue", "cancel_reason", "rejections", "last_progress_at", "progress", "comments", "history", "attachments", "escalations", "follow_up_of", "follow_ups")
    ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    NEED_FIELD_NUMBER: _ClassVar[int]
    ACCEPTANCE_STANDARD_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REQUESTER_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_ID_FIELD_NUMBER: _ClassVar[int]
    CC_IDS_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    RESPOND_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_AT_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    ESCALATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    AUTOMATIC_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REASON_FIELD_NUMBER: _ClassVar[int]
    REJECTIONS_FIELD_NUMBER: _ClassVar[int]
    LAST_PROGRESS_AT_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    ESCALATIONS_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_OF_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UPS_FIELD_NUMBER: _ClassVar[int]
    id: str
    title: str
    need: str
    acceptance_standard: str
    department: str
    department_name: str
    state: str
    requester_id: str
    assignee_id: str
    cc_ids: _containers.RepeatedScalarFieldContainer[str]
    opportunity_id: str
    region_id: str
    due_at: _timestamp_pb2.Timestamp
    respond_by: _timestamp_pb2.Timestamp
    created_at: _timestamp_pb2.Timestamp
    accepted_at: _timestamp_pb2.Timestamp
    delivered_at: _timestamp_pb2.Timestamp
    closed_at: _timestamp_pb2.Timestamp
    escalation_level: int
    automatic: bool
    overdue: bool
    cancel_reason: str
    rejections: int
    last_progress_at: _timestamp_pb2.Timestamp
    progress: _containers.RepeatedCompositeFieldContainer[Entry]
    comments: _containers.RepeatedCompositeFieldContainer[Entry]
    history: _containers.RepeatedCompositeFieldContainer[Entry]
    attachments: _containers.RepeatedCompositeFieldContainer[Attachment]
    escalations: _containers.RepeatedCompositeFieldContainer[Escalation]
    follow_up_of: WorkOrderLink
    follow_ups: _containers.RepeatedCompositeFieldContainer[WorkOrderLink]
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., need: _Optional[str] = ..., acceptance_standard: _Optional[str] = ..., department: _Optional[str] = ..., department_name: _Optional[str] = ..., state: _Optional[str] = ..., requester_id: _Optional[str] = ..., assignee_id: _Optional[str] = ..., cc_ids: _Optional[_Iterable[str]] = ..., opportunity_id: _Optional[str] = ..., region_id: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., respond_by: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., accepted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delivered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., escalation_level: _Optional[int] = ..., automatic: _Optional[bool] = ..., overdue: _Optional[bool] = ..., cancel_reason: _Optional[str] = ..., rejections: _Optional[int] = ..., last_progress_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., progress: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ..., comments: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[Entry, _Mapping]]] = ..., attachments: _Optional[_Iterable[_Union[Attachment, _Mapping]]] = ..., escalations: _Optional[_Iterable[_Union[Escalation, _Mapping]]] = ..., follow_up_of: _Optional[_Union[WorkOrderLink, _Mapping]] = ..., follow_ups: _Optional[_Iterable[_Union[WorkOrderLink, _Mapping]]] = ...) -> None: ...

class WorkOrderLink(_message.Message):
    __slots__ = ("id", "title", "state")
    ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    title: str
    state: str
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class FollowUpRequest(_message.Message):
    __slots__ = ("work_order_id", "need", "title", "acceptance_standard", "due_at", "idempotency_key")
    WORK_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    NEED_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ACCEPTANCE_STANDARD_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    work_order_id: str
    need: str
    title: str
    acceptance_standard: str
    due_at: _timestamp_pb2.Timestamp
    idempotency_key: str
    def __init__(self, work_order_id: _Optional[str] = ..., need: _Optional[str] = ..., title: _Optional[str] = ..., acceptance_standard: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class AddAttachmentRequest(_message.Message):
    __slots__ = ("work_order_id", "filename", "content_type", "content", "idempotency_key")
    WORK_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    work_order_id: str
    filename: str
    content_type: str
    content: bytes
    idempotency_key: str
    def __init__(self, work_order_id: _Optional[str] = ..., filename: _Optional[str] = ..., content_type: _Optional[str] = ..., content: _Optional[bytes] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class GetAttachmentRequest(_message.Message):
    __slots__ = ("work_order_id", "attachment_id")
    WORK_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_ID_FIELD_NUMBER: _ClassVar[int]
    work_order_id: str
    attachment_id: str
    def __init__(self, work_order_id: _Optional[str] = ..., attachment_id: _Optional[str] = ...) -> None: ...

class AttachmentContent(_message.Message):
    __slots__ = ("attachment", "content")
    ATTACHMENT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    attachment: Attachment
    content: bytes
    def __init__(self, attachment: _Optional[_Union[Attachment, _Mapping]] = ..., content: _Optional[bytes] = ...) -> None: ...

class GetEscalationChainRequest(_message.Message):
    __slots__ = ("department",)
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    department: str
    def __init__(self, department: _Optional[str] = ...) -> None: ...

class EscalationLevel(_message.Message):
    __slots__ = ("level", "after_hours")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    AFTER_HOURS_FIELD_NUMBER: _ClassVar[int]
    level: int
    after_hours: float
    def __init__(self, level: _Optional[int] = ..., after_hours: _Optional[float] = ...) -> None: ...

class EscalationChain(_message.Message):
    __slots__ = ("department", "response_hours", "levels", "updated_by", "updated_at")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_HOURS_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    department: str
    response_hours: float
    levels: _containers.RepeatedCompositeFieldContainer[EscalationLevel]
    updated_by: str
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, department: _Optional[str] = ..., response_hours: _Optional[float] = ..., levels: _Optional[_Iterable[_Union[EscalationLevel, _Mapping]]] = ..., updated_by: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetMetricsRequest(_message.Message):
    __slots__ = ("period", "since", "until", "department")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    period: str
    since: _timestamp_pb2.Timestamp
    until: _timestamp_pb2.Timestamp
    department: str
    def __init__(self, period: _Optional[str] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., department: _Optional[str] = ...) -> None: ...

class MetricsRow(_message.Message):
    __slots__ = ("department", "period", "created", "accepted", "response_hours_mean", "response_hours_p90", "delivered", "on_time_rate", "reviewed", "first_pass_rate")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_HOURS_MEAN_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_HOURS_P90_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_FIELD_NUMBER: _ClassVar[int]
    ON_TIME_RATE_FIELD_NUMBER: _ClassVar[int]
    REVIEWED_FIELD_NUMBER: _ClassVar[int]
    FIRST_PASS_RATE_FIELD_NUMBER: _ClassVar[int]
    department: str
    period: str
    created: int
    accepted: int
    response_hours_mean: float
    response_hours_p90: float
    delivered: int
    on_time_rate: float
    reviewed: int
    first_pass_rate: float
    def __init__(self, department: _Optional[str] = ..., period: _Optional[str] = ..., created: _Optional[int] = ..., accepted: _Optional[int] = ..., response_hours_mean: _Optional[float] = ..., response_hours_p90: _Optional[float] = ..., delivered: _Optional[int] = ..., on_time_rate: _Optional[float] = ..., reviewed: _Optional[int] = ..., first_pass_rate: _Optional[float] = ...) -> None: ...

class MetricsResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[MetricsRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[MetricsRow, _Mapping]]] = ...) -> None: ...
