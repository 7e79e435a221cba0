import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from salesos.pipeline.v1 import quotes_pb2 as _quotes_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class HandOverOpportunitiesRequest(_message.Message):
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

class HandOverOpportunitiesResponse(_message.Message):
    __slots__ = ("moved", "contracts")
    MOVED_FIELD_NUMBER: _ClassVar[int]
    CONTRACTS_FIELD_NUMBER: _ClassVar[int]
    moved: int
    contracts: int
    def __init__(self, moved: _Optional[int] = ..., contracts: _Optional[int] = ...) -> None: ...

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

class UpdateOpportunityRequest(_message.Message):
    __slots__ = ("opportunity_id", "title", "amount_fen")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    title: str
    amount_fen: int
    def __init__(self, opportunity_id: _Optional[str] = ..., title: _Optional[str] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class GetOpportunityRequest(_message.Message):
    __slots__ = ("opportunity_id",)
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    def __init__(self, opportunity_id: _Optional[str] = ...) -> None: ...

class ListOpportunitiesRequest(_message.Message):
    __slots__ = ("stage", "owner_id", "region_id", "status", "lead_id", "page_size", "page_token", "created_from", "created_to", "closed_from", "closed_to")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CREATED_FROM_FIELD_NUMBER: _ClassVar[int]
    CREATED_TO_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FROM_FIELD_NUMBER: _ClassVar[int]
    CLOSED_TO_FIELD_NUMBER: _ClassVar[int]
    stage: str
    owner_id: str
    region_id: str
    status: str
    lead_id: str
    page_size: int
    page_token: str
    created_from: str
    created_to: str
    closed_from: str
    closed_to: str
    def __init__(self, stage: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., status: _Optional[str] = ..., lead_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., created_from: _Optional[str] = ..., created_to: _Optional[str] = ..., closed_from: _Optional[str] = ..., closed_to: _Optional[str] = ...) -> None: ...

class ListOpportunitiesResponse(_message.Message):
    __slots__ = ("opportunities", "next_page_token")
    OPPORTUNITIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    opportunities: _containers.RepeatedCompositeFieldContainer[Opportunity]
    next_page_token: str
    def __init__(self, opportunities: _Optional[_Iterable[_Union[Opportunity, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ChangeStageRequest(_message.Message):
    __slots__ = ("opportunity_id", "to", "reason", "idempotency_key")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    to: str
    reason: str
    idempotency_key: str
    def __init__(self, opportunity_id: _Optional[str] = ..., to: _Optional[str] = ..., reason: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ReopenOpportunityRequest(_message.Message):
    __slots__ = ("opportunity_id", "reason", "idempotency_key", "owner_id")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    reason: str
    idempotency_key: str
    owner_id: str
    def __init__(self, opportunity_id: _Optional[str] = ..., reason: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., owner_id: _Optional[str] = ...) -> None: ...

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
    __slots__ = ("id", "label", "stage", "done", "done_by", "done_at", "by_system")
    ID_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    DONE_BY_FIELD_NUMBER: _ClassVar[int]
    DONE_AT_FIELD_NUMBER: _ClassVar[int]
    BY_SYSTEM_FIELD_NUMBER: _ClassVar[int]
    id: str
    label: str
    stage: str
    done: bool
    done_by: str
    done_at: _timestamp_pb2.Timestamp
    by_system: bool
    def __init__(self, id: _Optional[str] = ..., label: _Optional[str] = ..., stage: _Optional[str] = ..., done: _Optional[bool] = ..., done_by: _Optional[str] = ..., done_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., by_system: _Optional[bool] = ...) -> None: ...

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
    __slots__ = ("id", "title", "account", "amount_fen", "stage", "stage_label", "status", "lost_reason", "owner_id", "owner_username", "region_id", "lead_id", "process_version", "created_at", "stage_entered_at", "steps", "history", "visits", "quotes", "contract_id", "contract_status")
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
    VISITS_FIELD_NUMBER: _ClassVar[int]
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
    visits: _containers.RepeatedCompositeFieldContainer[Visit]
    quotes: _containers.RepeatedCompositeFieldContainer[_quotes_pb2.Quote]
    contract_id: str
    contract_status: str
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., account: _Optional[_Union[Account, _Mapping]] = ..., amount_fen: _Optional[int] = ..., stage: _Optional[str] = ..., stage_label: _Optional[str] = ..., status: _Optional[str] = ..., lost_reason: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., region_id: _Optional[str] = ..., lead_id: _Optional[str] = ..., process_version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., stage_entered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., steps: _Optional[_Iterable[_Union[StepState, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[StageChange, _Mapping]]] = ..., visits: _Optional[_Iterable[_Union[Visit, _Mapping]]] = ..., quotes: _Optional[_Iterable[_Union[_quotes_pb2.Quote, _Mapping]]] = ..., contract_id: _Optional[str] = ..., contract_status: _Optional[str] = ...) -> None: ...

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

class VisitHeader(_message.Message):
    __slots__ = ("opportunity_id", "visit_id", "planned", "planned_date", "checked_in_at", "latitude", "longitude", "report", "idempotency_key")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    VISIT_ID_FIELD_NUMBER: _ClassVar[int]
    PLANNED_FIELD_NUMBER: _ClassVar[int]
    PLANNED_DATE_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_AT_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    visit_id: str
    planned: bool
    planned_date: str
    checked_in_at: _timestamp_pb2.Timestamp
    latitude: float
    longitude: float
    report: str
    idempotency_key: str
    def __init__(self, opportunity_id: _Optional[str] = ..., visit_id: _Optional[str] = ..., planned: _Optional[bool] = ..., planned_date: _Optional[str] = ..., checked_in_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., report: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class PhotoStart(_message.Message):
    __slots__ = ("filename", "content_type")
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    filename: str
    content_type: str
    def __init__(self, filename: _Optional[str] = ..., content_type: _Optional[str] = ...) -> None: ...

class VisitUpload(_message.Message):
    __slots__ = ("header", "photo", "chunk")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    PHOTO_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    header: VisitHeader
    photo: PhotoStart
    chunk: bytes
    def __init__(self, header: _Optional[_Union[VisitHeader, _Mapping]] = ..., photo: _Optional[_Union[PhotoStart, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class VisitPhoto(_message.Message):
    __slots__ = ("id", "filename", "content_type", "size_bytes", "sha256")
    ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    id: str
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    def __init__(self, id: _Optional[str] = ..., filename: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., sha256: _Optional[str] = ...) -> None: ...

class Visit(_message.Message):
    __slots__ = ("id", "opportunity_id", "rep_id", "rep_username", "planned", "planned_date", "checked_in_at", "latitude", "longitude", "report", "reported_at", "first", "photos", "created_at", "state", "site_latitude", "site_longitude", "site_distance_km", "reported_by_id", "reported_by_username", "on_behalf")
    ID_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    REP_ID_FIELD_NUMBER: _ClassVar[int]
    REP_USERNAME_FIELD_NUMBER: _ClassVar[int]
    PLANNED_FIELD_NUMBER: _ClassVar[int]
    PLANNED_DATE_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_AT_FIELD_NUMBER: _ClassVar[int]
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    REPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    FIRST_FIELD_NUMBER: _ClassVar[int]
    PHOTOS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SITE_LATITUDE_FIELD_NUMBER: _ClassVar[int]
    SITE_LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    SITE_DISTANCE_KM_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_ID_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_USERNAME_FIELD_NUMBER: _ClassVar[int]
    ON_BEHALF_FIELD_NUMBER: _ClassVar[int]
    id: str
    opportunity_id: str
    rep_id: str
    rep_username: str
    planned: bool
    planned_date: str
    checked_in_at: _timestamp_pb2.Timestamp
    latitude: float
    longitude: float
    report: str
    reported_at: _timestamp_pb2.Timestamp
    first: bool
    photos: _containers.RepeatedCompositeFieldContainer[VisitPhoto]
    created_at: _timestamp_pb2.Timestamp
    state: str
    site_latitude: float
    site_longitude: float
    site_distance_km: float
    reported_by_id: str
    reported_by_username: str
    on_behalf: bool
    def __init__(self, id: _Optional[str] = ..., opportunity_id: _Optional[str] = ..., rep_id: _Optional[str] = ..., rep_username: _Optional[str] = ..., planned: _Optional[bool] = ..., planned_date: _Optional[str] = ..., checked_in_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., latitude: _Optional[float] = ..., longitude: _Optional[float] = ..., report: _Optional[str] = ..., reported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., first: _Optional[bool] = ..., photos: _Optional[_Iterable[_Union[VisitPhoto, _Mapping]]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state: _Optional[str] = ..., site_latitude: _Optional[float] = ..., site_longitude: _Optional[float] = ..., site_distance_km: _Optional[float] = ..., reported_by_id: _Optional[str] = ..., reported_by_username: _Optional[str] = ..., on_behalf: _Optional[bool] = ...) -> None: ...

class FileVisitReportRequest(_message.Message):
    __slots__ = ("opportunity_id", "visit_id", "report", "on_behalf")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    VISIT_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    ON_BEHALF_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    visit_id: str
    report: str
    on_behalf: bool
    def __init__(self, opportunity_id: _Optional[str] = ..., visit_id: _Optional[str] = ..., report: _Optional[str] = ..., on_behalf: _Optional[bool] = ...) -> None: ...

class ListVisitsRequest(_message.Message):
    __slots__ = ("opportunity_id", "page_size", "page_token")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    page_size: int
    page_token: str
    def __init__(self, opportunity_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListVisitsResponse(_message.Message):
    __slots__ = ("visits", "next_page_token")
    VISITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    visits: _containers.RepeatedCompositeFieldContainer[Visit]
    next_page_token: str
    def __init__(self, visits: _Optional[_Iterable[_Union[Visit, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetVisitPhotoRequest(_message.Message):
    __slots__ = ("opportunity_id", "visit_id", "photo_id")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    VISIT_ID_FIELD_NUMBER: _ClassVar[int]
    PHOTO_ID_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    visit_id: str
    photo_id: str
    def __init__(self, opportunity_id: _Optional[str] = ..., visit_id: _Optional[str] = ..., photo_id: _Optional[str] = ...) -> None: ...

class PhotoChunk(_message.Message):
    __slots__ = ("content_type", "size_bytes", "filename", "data")
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    content_type: str
    size_bytes: int
    filename: str
    data: bytes
    def __init__(self, content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., filename: _Optional[str] = ..., data: _Optional[bytes] = ...) -> None: ...

class Person(_message.Message):
    __slots__ = ("name", "title")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    name: str
    title: str
    def __init__(self, name: _Optional[str] = ..., title: _Optional[str] = ...) -> None: ...

class Parameter(_message.Message):
    __slots__ = ("name", "value")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: str
    def __init__(self, name: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class NeedsRecord(_message.Message):
    __slots__ = ("opportunity_id", "equipment_type", "capacity", "site_constraints", "budget_min_fen", "budget_max_fen", "decision_makers", "competing_vendors", "must_have_parameters", "nonstandard_support", "nonstandard_request", "complete", "missing", "updated_by", "updated_at", "version")
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    EQUIPMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    SITE_CONSTRAINTS_FIELD_NUMBER: _ClassVar[int]
    BUDGET_MIN_FEN_FIELD_NUMBER: _ClassVar[int]
    BUDGET_MAX_FEN_FIELD_NUMBER: _ClassVar[int]
    DECISION_MAKERS_FIELD_NUMBER: _ClassVar[int]
    COMPETING_VENDORS_FIELD_NUMBER: _ClassVar[int]
    MUST_HAVE_PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    NONSTANDARD_SUPPORT_FIELD_NUMBER: _ClassVar[int]
    NONSTANDARD_REQUEST_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    equipment_type: str
    capacity: str
    site_constraints: str
    budget_min_fen: int
    budget_max_fen: int
    decision_makers: _containers.RepeatedCompositeFieldContainer[Person]
    competing_vendors: _containers.RepeatedScalarFieldContainer[str]
    must_have_parameters: _containers.RepeatedCompositeFieldContainer[Parameter]
    nonstandard_support: bool
    nonstandard_request: str
    complete: bool
    missing: _containers.RepeatedScalarFieldContainer[str]
    updated_by: str
    updated_at: _timestamp_pb2.Timestamp
    version: int
    def __init__(self, opportunity_id: _Optional[str] = ..., equipment_type: _Optional[str] = ..., capacity: _Optional[str] = ..., site_constraints: _Optional[str] = ..., budget_min_fen: _Optional[int] = ..., budget_max_fen: _Optional[int] = ..., decision_makers: _Optional[_Iterable[_Union[Person, _Mapping]]] = ..., competing_vendors: _Optional[_Iterable[str]] = ..., must_have_parameters: _Optional[_Iterable[_Union[Parameter, _Mapping]]] = ..., nonstandard_support: _Optional[bool] = ..., nonstandard_request: _Optional[str] = ..., complete: _Optional[bool] = ..., missing: _Optional[_Iterable[str]] = ..., updated_by: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...

class PutNeedsRequest(_message.Message):
    __slots__ = ("record", "expected_version")
    RECORD_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    record: NeedsRecord
    expected_version: int
    def __init__(self, record: _Optional[_Union[NeedsRecord, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class GetNeedsRequest(_message.Message):
    __slots__ = ("opportunity_id",)
    OPPORTUNITY_ID_FIELD_NUMBER: _ClassVar[int]
    opportunity_id: str
    def __init__(self, opportunity_id: _Optional[str] = ...) -> None: ...

class GetRouteRequest(_message.Message):
    __slots__ = ("date", "has_start", "start_latitude", "start_longitude")
    DATE_FIELD_NUMBER: _ClassVar[int]
    HAS_START_FIELD_NUMBER: _ClassVar[int]
    START_LATITUDE_FIELD_NUMBER: _ClassVar[int]
    START_LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    date: str
    has_start: bool
    start_latitude: float
    start_longitude: float
    def __init__(self, date: _Optional[str] = ..., has_start: _Optional[bool] = ..., start_latitude: _Optional[float] = ..., start_longitude: _Optional[float] = ...) -> None: ...

class RouteStop(_message.Message):
    __slots__ = ("position", "visit", "title", "account_name", "leg_km")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    VISIT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    LEG_KM_FIELD_NUMBER: _ClassVar[int]
    position: int
    visit: Visit
    title: str
    account_name: str
    leg_km: float
    def __init__(self, position: _Optional[int] = ..., visit: _Optional[_Union[Visit, _Mapping]] = ..., title: _Optional[str] = ..., account_name: _Optional[str] = ..., leg_km: _Optional[float] = ...) -> None: ...

class Route(_message.Message):
    __slots__ = ("date", "stops", "total_km", "unoptimised_km")
    DATE_FIELD_NUMBER: _ClassVar[int]
    STOPS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_KM_FIELD_NUMBER: _ClassVar[int]
    UNOPTIMISED_KM_FIELD_NUMBER: _ClassVar[int]
    date: str
    stops: _containers.RepeatedCompositeFieldContainer[RouteStop]
    total_km: float
    unoptimised_km: float
    def __init__(self, date: _Optional[str] = ..., stops: _Optional[_Iterable[_Union[RouteStop, _Mapping]]] = ..., total_km: _Optional[float] = ..., unoptimised_km: _Optional[float] = ...) -> None: ...

class AnalyticsRequest(_message.Message):
    __slots__ = ("region_id", "owner_id", "date_from", "date_to")
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    region_id: str
    owner_id: str
    date_from: str
    date_to: str
    def __init__(self, region_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., date_from: _Optional[str] = ..., date_to: _Optional[str] = ...) -> None: ...

class FunnelStage(_message.Message):
    __slots__ = ("stage", "label", "reached", "current", "conversion", "current_amount_fen")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    REACHED_FIELD_NUMBER: _ClassVar[int]
    CURRENT_FIELD_NUMBER: _ClassVar[int]
    CONVERSION_FIELD_NUMBER: _ClassVar[int]
    CURRENT_AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    stage: str
    label: str
    reached: int
    current: int
    conversion: float
    current_amount_fen: int
    def __init__(self, stage: _Optional[str] = ..., label: _Optional[str] = ..., reached: _Optional[int] = ..., current: _Optional[int] = ..., conversion: _Optional[float] = ..., current_amount_fen: _Optional[int] = ...) -> None: ...

class Funnel(_message.Message):
    __slots__ = ("stages", "total", "won", "lost", "win_rate", "date_from", "date_to", "total_amount_fen", "won_amount_fen", "lost_amount_fen", "open_amount_fen")
    STAGES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    WON_FIELD_NUMBER: _ClassVar[int]
    LOST_FIELD_NUMBER: _ClassVar[int]
    WIN_RATE_FIELD_NUMBER: _ClassVar[int]
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    TOTAL_AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    WON_AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    LOST_AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    OPEN_AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    stages: _containers.RepeatedCompositeFieldContainer[FunnelStage]
    total: int
    won: int
    lost: int
    win_rate: float
    date_from: str
    date_to: str
    total_amount_fen: int
    won_amount_fen: int
    lost_amount_fen: int
    open_amount_fen: int
    def __init__(self, stages: _Optional[_Iterable[_Union[FunnelStage, _Mapping]]] = ..., total: _Optional[int] = ..., won: _Optional[int] = ..., lost: _Optional[int] = ..., win_rate: _Optional[float] = ..., date_from: _Optional[str] = ..., date_to: _Optional[str] = ..., total_amount_fen: _Optional[int] = ..., won_amount_fen: _Optional[int] = ..., lost_amount_fen: _Optional[int] = ..., open_amount_fen: _Optional[int] = ...) -> None: ...

class Duration(_message.Message):
    __slots__ = ("stage", "label", "count", "avg_days", "median_days", "p90_days")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    AVG_DAYS_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_DAYS_FIELD_NUMBER: _ClassVar[int]
    P90_DAYS_FIELD_NUMBER: _ClassVar[int]
    stage: str
    label: str
    count: int
    avg_days: float
    median_days: float
    p90_days: float
    def __init__(self, stage: _Optional[str] = ..., label: _Optional[str] = ..., count: _Optional[int] = ..., avg_days: _Optional[float] = ..., median_days: _Optional[float] = ..., p90_days: _Optional[float] = ...) -> None: ...

class CycleTime(_message.Message):
    __slots__ = ("lead_to_won", "stages", "date_from", "date_to")
    LEAD_TO_WON_FIELD_NUMBER: _ClassVar[int]
    STAGES_FIELD_NUMBER: _ClassVar[int]
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    lead_to_won: Duration
    stages: _containers.RepeatedCompositeFieldContainer[Duration]
    date_from: str
    date_to: str
    def __init__(self, lead_to_won: _Optional[_Union[Duration, _Mapping]] = ..., stages: _Optional[_Iterable[_Union[Duration, _Mapping]]] = ..., date_from: _Optional[str] = ..., date_to: _Optional[str] = ...) -> None: ...

class LostReason(_message.Message):
    __slots__ = ("reason", "count", "amount_fen", "share")
    REASON_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    SHARE_FIELD_NUMBER: _ClassVar[int]
    reason: str
    count: int
    amount_fen: int
    share: float
    def __init__(self, reason: _Optional[str] = ..., count: _Optional[int] = ..., amount_fen: _Optional[int] = ..., share: _Optional[float] = ...) -> None: ...

class LostReasons(_message.Message):
    __slots__ = ("reasons", "total", "date_from", "date_to")
    REASONS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    reasons: _containers.RepeatedCompositeFieldContainer[LostReason]
    total: int
    date_from: str
    date_to: str
    def __init__(self, reasons: _Optional[_Iterable[_Union[LostReason, _Mapping]]] = ..., total: _Optional[int] = ..., date_from: _Optional[str] = ..., date_to: _Optional[str] = ...) -> None: ...

class RepWeek(_message.Message):
    __slots__ = ("owner_id", "owner_username", "week", "visits", "reports", "stage_advances")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    VISITS_FIELD_NUMBER: _ClassVar[int]
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    STAGE_ADVANCES_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    owner_username: str
    week: str
    visits: int
    reports: int
    stage_advances: int
    def __init__(self, owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., week: _Optional[str] = ..., visits: _Optional[int] = ..., reports: _Optional[int] = ..., stage_advances: _Optional[int] = ...) -> None: ...

class RepActivity(_message.Message):
    __slots__ = ("cells", "weeks", "date_from", "date_to")
    CELLS_FIELD_NUMBER: _ClassVar[int]
    WEEKS_FIELD_NUMBER: _ClassVar[int]
    DATE_FROM_FIELD_NUMBER: _ClassVar[int]
    DATE_TO_FIELD_NUMBER: _ClassVar[int]
    cells: _containers.RepeatedCompositeFieldContainer[RepWeek]
    weeks: _containers.RepeatedScalarFieldContainer[str]
    date_from: str
    date_to: str
    def __init__(self, cells: _Optional[_Iterable[_Union[RepWeek, _Mapping]]] = ..., weeks: _Optional[_Iterable[str]] = ..., date_from: _Optional[str] = ..., date_to: _Optional[str] = ...) -> None: ...
