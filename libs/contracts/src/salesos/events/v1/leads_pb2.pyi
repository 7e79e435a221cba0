import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from salesos.events.v1 import coded_pb2 as _coded_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LeadCreated(_message.Message):
    __slots__ = ("lead_id", "source", "name", "company", "phone", "email", "province", "region_id", "industry", "import_id")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PROVINCE_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    source: str
    name: str
    company: str
    phone: str
    email: str
    province: str
    region_id: str
    industry: str
    import_id: str
    def __init__(self, lead_id: _Optional[str] = ..., source: _Optional[str] = ..., name: _Optional[str] = ..., company: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., province: _Optional[str] = ..., region_id: _Optional[str] = ..., industry: _Optional[str] = ..., import_id: _Optional[str] = ...) -> None: ...

class LeadAssigned(_message.Message):
    __slots__ = ("lead_id", "owner_id", "owner_username", "region_id", "company", "name", "assigned_at", "reason", "import_id", "handover_id", "reasons")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    HANDOVER_ID_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    owner_id: str
    owner_username: str
    region_id: str
    company: str
    name: str
    assigned_at: _timestamp_pb2.Timestamp
    reason: str
    import_id: str
    handover_id: str
    reasons: _containers.RepeatedCompositeFieldContainer[_coded_pb2.Coded]
    def __init__(self, lead_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., region_id: _Optional[str] = ..., company: _Optional[str] = ..., name: _Optional[str] = ..., assigned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., import_id: _Optional[str] = ..., handover_id: _Optional[str] = ..., reasons: _Optional[_Iterable[_Union[_coded_pb2.Coded, _Mapping]]] = ...) -> None: ...

class LeadUnassignable(_message.Message):
    __slots__ = ("lead_id", "region_id", "reason", "company", "name", "source", "reasons", "import_id", "import_file_name")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    IMPORT_FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    region_id: str
    reason: str
    company: str
    name: str
    source: str
    reasons: _containers.RepeatedCompositeFieldContainer[_coded_pb2.Coded]
    import_id: str
    import_file_name: str
    def __init__(self, lead_id: _Optional[str] = ..., region_id: _Optional[str] = ..., reason: _Optional[str] = ..., company: _Optional[str] = ..., name: _Optional[str] = ..., source: _Optional[str] = ..., reasons: _Optional[_Iterable[_Union[_coded_pb2.Coded, _Mapping]]] = ..., import_id: _Optional[str] = ..., import_file_name: _Optional[str] = ...) -> None: ...

class LeadContactLogged(_message.Message):
    __slots__ = ("lead_id", "owner_id", "channel", "outcome", "contacted_at", "first", "source")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    CONTACTED_AT_FIELD_NUMBER: _ClassVar[int]
    FIRST_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    owner_id: str
    channel: str
    outcome: str
    contacted_at: _timestamp_pb2.Timestamp
    first: bool
    source: str
    def __init__(self, lead_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., channel: _Optional[str] = ..., outcome: _Optional[str] = ..., contacted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., first: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class LeadFirstContactReminder(_message.Message):
    __slots__ = ("lead_id", "owner_id", "owner_username", "company", "name", "percent", "due_at", "import_id")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    owner_id: str
    owner_username: str
    company: str
    name: str
    percent: int
    due_at: _timestamp_pb2.Timestamp
    import_id: str
    def __init__(self, lead_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., company: _Optional[str] = ..., name: _Optional[str] = ..., percent: _Optional[int] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., import_id: _Optional[str] = ...) -> None: ...

class LeadFirstContactOverdue(_message.Message):
    __slots__ = ("lead_id", "owner_id", "owner_username", "region_id", "company", "name", "due_at", "manager_ids", "reassigned_to_id", "reassigned_to_username", "import_id")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    MANAGER_IDS_FIELD_NUMBER: _ClassVar[int]
    REASSIGNED_TO_ID_FIELD_NUMBER: _ClassVar[int]
    REASSIGNED_TO_USERNAME_FIELD_NUMBER: _ClassVar[int]
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    owner_id: str
    owner_username: str
    region_id: str
    company: str
    name: str
    due_at: _timestamp_pb2.Timestamp
    manager_ids: _containers.RepeatedScalarFieldContainer[str]
    reassigned_to_id: str
    reassigned_to_username: str
    import_id: str
    def __init__(self, lead_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., region_id: _Optional[str] = ..., company: _Optional[str] = ..., name: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., manager_ids: _Optional[_Iterable[str]] = ..., reassigned_to_id: _Optional[str] = ..., reassigned_to_username: _Optional[str] = ..., import_id: _Optional[str] = ...) -> None: ...

class LeadImportFirstContactDue(_message.Message):
    __slots__ = ("import_id", "file_name", "owner_id", "owner_username", "kind", "percent", "leads", "first_due_at", "last_due_at", "manager_ids", "as_of")
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PERCENT_FIELD_NUMBER: _ClassVar[int]
    LEADS_FIELD_NUMBER: _ClassVar[int]
    FIRST_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_DUE_AT_FIELD_NUMBER: _ClassVar[int]
    MANAGER_IDS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    import_id: str
    file_name: str
    owner_id: str
    owner_username: str
    kind: str
    percent: int
    leads: int
    first_due_at: _timestamp_pb2.Timestamp
    last_due_at: _timestamp_pb2.Timestamp
    manager_ids: _containers.RepeatedScalarFieldContainer[str]
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, import_id: _Optional[str] = ..., file_name: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., kind: _Optional[str] = ..., percent: _Optional[int] = ..., leads: _Optional[int] = ..., first_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., manager_ids: _Optional[_Iterable[str]] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LeadQualified(_message.Message):
    __slots__ = ("lead_id", "owner_id", "owner_username", "region_id", "source", "company", "name", "phone", "email", "province", "industry", "urgency", "qualified_at", "qualification")
    class QualificationEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_USERNAME_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PROVINCE_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    QUALIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    QUALIFICATION_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    owner_id: str
    owner_username: str
    region_id: str
    source: str
    company: str
    name: str
    phone: str
    email: str
    province: str
    industry: str
    urgency: str
    qualified_at: _timestamp_pb2.Timestamp
    qualification: _containers.ScalarMap[str, str]
    def __init__(self, lead_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_username: _Optional[str] = ..., region_id: _Optional[str] = ..., source: _Optional[str] = ..., company: _Optional[str] = ..., name: _Optional[str] = ..., phone: _Optional[str] = ..., email: _Optional[str] = ..., province: _Optional[str] = ..., industry: _Optional[str] = ..., urgency: _Optional[str] = ..., qualified_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., qualification: _Optional[_Mapping[str, str]] = ...) -> None: ...

class LeadDisqualified(_message.Message):
    __slots__ = ("lead_id", "owner_id", "region_id", "reason", "by_user_id", "disqualified_at")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISQUALIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    owner_id: str
    region_id: str
    reason: str
    by_user_id: str
    disqualified_at: _timestamp_pb2.Timestamp
    def __init__(self, lead_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., region_id: _Optional[str] = ..., reason: _Optional[str] = ..., by_user_id: _Optional[str] = ..., disqualified_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LeadTouched(_message.Message):
    __slots__ = ("lead_id", "touch_id", "owner_id", "source", "channel", "company", "name", "region_id", "match_reason", "touched_at", "import_id", "match", "filled_fields")
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    TOUCH_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    MATCH_REASON_FIELD_NUMBER: _ClassVar[int]
    TOUCHED_AT_FIELD_NUMBER: _ClassVar[int]
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    MATCH_FIELD_NUMBER: _ClassVar[int]
    FILLED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    lead_id: str
    touch_id: str
    owner_id: str
    source: str
    channel: str
    company: str
    name: str
    region_id: str
    match_reason: str
    touched_at: _timestamp_pb2.Timestamp
    import_id: str
    match: _coded_pb2.Coded
    filled_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, lead_id: _Optional[str] = ..., touch_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., source: _Optional[str] = ..., channel: _Optional[str] = ..., company: _Optional[str] = ..., name: _Optional[str] = ..., region_id: _Optional[str] = ..., match_reason: _Optional[str] = ..., touched_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., import_id: _Optional[str] = ..., match: _Optional[_Union[_coded_pb2.Coded, _Mapping]] = ..., filled_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class LeadImportFinished(_message.Message):
    __slots__ = ("import_id", "file_name", "started_by", "state", "error", "rows_total", "created", "merged", "failed", "owners", "finished_at", "error_code", "unassigned", "warned")
    class Owner(_message.Message):
        __slots__ = ("owner_id", "assigned", "returned")
        OWNER_ID_FIELD_NUMBER: _ClassVar[int]
        ASSIGNED_FIELD_NUMBER: _ClassVar[int]
        RETURNED_FIELD_NUMBER: _ClassVar[int]
        owner_id: str
        assigned: int
        returned: int
        def __init__(self, owner_id: _Optional[str] = ..., assigned: _Optional[int] = ..., returned: _Optional[int] = ...) -> None: ...
    IMPORT_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    STARTED_BY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ROWS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    MERGED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    OWNERS_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    ERROR_CODE_FIELD_NUMBER: _ClassVar[int]
    UNASSIGNED_FIELD_NUMBER: _ClassVar[int]
    WARNED_FIELD_NUMBER: _ClassVar[int]
    import_id: str
    file_name: str
    started_by: str
    state: str
    error: str
    rows_total: int
    created: int
    merged: int
    failed: int
    owners: _containers.RepeatedCompositeFieldContainer[LeadImportFinished.Owner]
    finished_at: _timestamp_pb2.Timestamp
    error_code: _coded_pb2.Coded
    unassigned: int
    warned: int
    def __init__(self, import_id: _Optional[str] = ..., file_name: _Optional[str] = ..., started_by: _Optional[str] = ..., state: _Optional[str] = ..., error: _Optional[str] = ..., rows_total: _Optional[int] = ..., created: _Optional[int] = ..., merged: _Optional[int] = ..., failed: _Optional[int] = ..., owners: _Optional[_Iterable[_Union[LeadImportFinished.Owner, _Mapping]]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., error_code: _Optional[_Union[_coded_pb2.Coded, _Mapping]] = ..., unassigned: _Optional[int] = ..., warned: _Optional[int] = ...) -> None: ...

class LeadsMerged(_message.Message):
    __slots__ = ("merge_id", "survivor_id", "merged_id", "by_user_id")
    MERGE_ID_FIELD_NUMBER: _ClassVar[int]
    SURVIVOR_ID_FIELD_NUMBER: _ClassVar[int]
    MERGED_ID_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    merge_id: str
    survivor_id: str
    merged_id: str
    by_user_id: str
    def __init__(self, merge_id: _Optional[str] = ..., survivor_id: _Optional[str] = ..., merged_id: _Optional[str] = ..., by_user_id: _Optional[str] = ...) -> None: ...

class LeadsUnmerged(_message.Message):
    __slots__ = ("merge_id", "survivor_id", "merged_id", "by_user_id")
    MERGE_ID_FIELD_NUMBER: _ClassVar[int]
    SURVIVOR_ID_FIELD_NUMBER: _ClassVar[int]
    MERGED_ID_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    merge_id: str
    survivor_id: str
    merged_id: str
    by_user_id: str
    def __init__(self, merge_id: _Optional[str] = ..., survivor_id: _Optional[str] = ..., merged_id: _Optional[str] = ..., by_user_id: _Optional[str] = ...) -> None: ...

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

class CalendarYearSet(_message.Message):
    __slots__ = ("year", "holidays", "workdays", "set_by")
    class Day(_message.Message):
        __slots__ = ("date", "name")
        DATE_FIELD_NUMBER: _ClassVar[int]
        NAME_FIELD_NUMBER: _ClassVar[int]
        date: str
        name: str
        def __init__(self, date: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...
    YEAR_FIELD_NUMBER: _ClassVar[int]
    HOLIDAYS_FIELD_NUMBER: _ClassVar[int]
    WORKDAYS_FIELD_NUMBER: _ClassVar[int]
    SET_BY_FIELD_NUMBER: _ClassVar[int]
    year: int
    holidays: _containers.RepeatedCompositeFieldContainer[CalendarYearSet.Day]
    workdays: _containers.RepeatedCompositeFieldContainer[CalendarYearSet.Day]
    set_by: str
    def __init__(self, year: _Optional[int] = ..., holidays: _Optional[_Iterable[_Union[CalendarYearSet.Day, _Mapping]]] = ..., workdays: _Optional[_Iterable[_Union[CalendarYearSet.Day, _Mapping]]] = ..., set_by: _Optional[str] = ...) -> None: ...

class LeadsHandedOver(_message.Message):
    __slots__ = ("handover_id", "from_user_id", "from_username", "to_user_id", "to_username", "by_user_id", "reason", "count", "lead_ids", "at", "leaver_manager_id")
    HANDOVER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_USER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_USERNAME_FIELD_NUMBER: _ClassVar[int]
    TO_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TO_USERNAME_FIELD_NUMBER: _ClassVar[int]
    BY_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    LEAD_IDS_FIELD_NUMBER: _ClassVar[int]
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
    lead_ids: _containers.RepeatedScalarFieldContainer[str]
    at: _timestamp_pb2.Timestamp
    leaver_manager_id: str
    def __init__(self, handover_id: _Optional[str] = ..., from_user_id: _Optional[str] = ..., from_username: _Optional[str] = ..., to_user_id: _Optional[str] = ..., to_username: _Optional[str] = ..., by_user_id: _Optional[str] = ..., reason: _Optional[str] = ..., count: _Optional[int] = ..., lead_ids: _Optional[_Iterable[str]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., leaver_manager_id: _Optional[str] = ...) -> None: ...
