import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from salesos.pipeline.v1 import quotes_pb2 as _quotes_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OpenOpportunityRequest(_message.Message):
    __slots__ = ("account_name", "title", "amount_fen", "lead_id", "idempotency_key", "region_id", "industry", "scale")
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    SCALE_FIELD_NUMBER: _ClassVar[int]
    account_name: str
    title: str
    amount_fen: int
    lead_id: str
    idempotency_key: str
    region_id: str
    industry: str
    scale: str
    def __init__(self, account_name: _Optional[str] = ..., title: _Optional[str] = ..., amount_fen: _Optional[int] = ..., lead_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., region_id: _Optional[str] = ..., industry: _Optional[str] = ..., scale: _Optional[str] = ...) -> None: ...

class GetOpportunityRequest(_message.Message):
    __slots__ = ("opportunity_id",)
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    def __init__(self, opportunity_id: _Optional[str] = ...) -> None: ...

class ListOpportunitiesRequest(_message.Message):
    __slots__ = ("stage", "owner_id", "region_id", "status", "lead_id", "page_size", "page_token")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    stage: str
    owner_id: str
    region_id: str
    status: str
    lead_id: str
    page_size: int
    page_token: str
    def __init__(self, stage: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., status: _Optional[str] = ..., lead_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOpportunitiesResponse(_message.Message):
    __slots__ = ("opportunities", "next_page_token")
    OPPORTUNITIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    opportunities: _containers.RepeatedCompositeFieldContainer[Opportunity]
    next_page_token: str
    def __init__(self, opportunities: _Optional[_Iterable[_Union[Opportunity, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ChangeStageRequest(_message.Message):
    __slots__ = ("opportunity_id", "to", "reason")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    to: str
    reason: str
    def __init__(self, opportunity_id: _Optional[str] = ..., to: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CheckStepRequest(_message.Message):
    __slots__ = ("opportunity_id", "step_id")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    STEP_ID_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    step_id: str
    def __init__(self, opportunity_id: _Optional[str] = ..., step_id: _Optional[str] = ...) -> None: ...

class Account(_message.Message):
    __slots__ = ("id", "name", "industry", "province", "contacts", "scale")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    PROVINCE_FIELD_NUMBER: _ClassVar[int]
    CONTACTS_FIELD_NUMBER: _ClassVar[int]
    SCALE_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    industry: str
    province: str
    contacts: _containers.RepeatedCompositeFieldContainer[Contact]
    scale: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., industry: _Optional[str] = ..., province: _Optional[str] = ..., contacts: _Optional[_Iterable[_Union[Contact, _Mapping]]] = ..., scale: _Optional[str] = ...) -> None: ...

class Contact(_message.Message):
    __slots__ = ("id", "name", "phone", "email")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    phone: str
    email: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ...) -> None: ...

class StepState(_message.Message):
    __slots__ = ("id", "label", "stage", "done", "done_by", "done_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    DONE_BY_FIELD_NUMBER: _ClassVar[int]
    DONE_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    label: str
    stage: str
    done: bool
    done_by: str
    done_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., label: _Optional[str] = ..., stage: _Optional[str] = ..., done: _Optional[bool] = ..., done_by: _Optional[str] = ..., done_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class StageChange(_message.Message):
    __slots__ = ("from_stage", "to_stage", "by_user_id", "at", "reason")
    FROM_STAGE_FIELD_NUMBER: _ClassVar[int]
    TO_STAGE_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    from_stage: str
    to_stage: str
    by_user_id: str
    at: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, from_stage: _Optional[str] = ..., to_stage: _Optional[str] = ..., by_user_id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class Opportunity(_message.Message):
    __slots__ = ("id", "title", "account", "amount_fen", "stage", "stage_label", "status", "lost_reason", "owner_id", "owner_username", "region_id", "lead_id", "process_version", "created_at", "stage_entered_at", "steps", "history", "quotes", "contract_id", "contract_status")
    ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    STAGE_LABEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LOST_REASON_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    STAGE_ENTERED_AT_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    QUOTES_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_STATUS_FIELD_NUMBER: _ClassVar[int]
    id: str
    title: str
    account: Account
    amount_fen: int
    stage: str
    stage_label: str
    status: str
    lost_reason: str
    owner_id: str
    owner_username: str
    region_id: str
    lead_id: str
    process_version: int
    created_at: _timestamp_pb2.Timestamp
    stage_entered_at: _timestamp_pb2.Timestamp
    steps: _containers.RepeatedCompositeFieldContainer[StepState]
    history: _containers.RepeatedCompositeFieldContainer[StageChange]
    quotes: _containers.RepeatedCompositeFieldContainer[_quotes_pb2.Quote]
    contract_id: str
    contract_status: str
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., account: _Optional[_Union[Account, _Mapping]] = ..., amount_fen: _Optional[int] = ..., stage: _Optional[str] = ..., stage_label: _Optional[str] = ..., status: _Optional[str] = ..., lost_reason: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., region_id: _Optional[str] = ..., lead_id: _Optional[str] = ..., process_version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stage_entered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., steps: _Optional[_Iterable[_Union[StepState, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[StageChange, _Mapping]]] = ..., quotes: _Optional[_Iterable[_Union[_quotes_pb2.Quote, _Mapping]]] = ..., contract_id: _Optional[str] = ..., contract_status: _Optional[str] = ...) -> None: ...

class GetProcessRequest(_message.Message):
    __slots__ = ("version",)
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: int
    def __init__(self, version: _Optional[int] = ...) -> None: ...

class ProcessStep(_message.Message):
    __slots__ = ("id", "label")
    ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    id: str
    label: str
    def __init__(self, id: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class ProcessStage(_message.Message):
    __slots__ = ("code", "label", "expected_days", "steps", "gates")
    CODE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_DAYS_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    GATES_FIELD_NUMBER: _ClassVar[int]
    code: str
    label: str
    expected_days: int
    steps: _containers.RepeatedCompositeFieldContainer[ProcessStep]
    gates: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, code: _Optional[str] = ..., label: _Optional[str] = ..., expected_days: _Optional[int] = ..., steps: _Optional[_Iterable[_Union[ProcessStep, _Mapping]]] = ..., gates: _Optional[_Iterable[str]] = ...) -> None: ...

class Criterion(_message.Message):
    __slots__ = ("code", "label")
    CODE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    code: str
    label: str
    def __init__(self, code: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class Process(_message.Message):
    __slots__ = ("version", "stages", "created_at", "created_by", "criteria")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    STAGES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    version: int
    stages: _containers.RepeatedCompositeFieldContainer[ProcessStage]
    created_at: _timestamp_pb2.Timestamp
    created_by: str
    criteria: _containers.RepeatedCompositeFieldContainer[Criterion]
    def __init__(self, version: _Optional[int] = ..., stages: _Optional[_Iterable[_Union[ProcessStage, _Mapping]]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_by: _Optional[str] = ..., criteria: _Optional[_Iterable[_Union[Criterion, _Mapping]]] = ...) -> None: ...

class PutProcessRequest(_message.Message):
    __slots__ = ("stages",)
    STAGES_FIELD_NUMBER: _ClassVar[int]
    stages: _containers.RepeatedCompositeFieldContainer[ProcessStage]
    def __init__(self, stages: _Optional[_Iterable[_Union[ProcessStage, _Mapping]]] = ...) -> None: ...
