from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class User(_message.Message):
    __slots__ = ("id", "username", "display_name", "role", "region_id", "department_id", "manager_id", "active", "managed_region_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_ID_FIELD_NUMBER: _ClassVar[int]
    MANAGER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    MANAGED_REGION_IDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    username: str
    display_name: str
    role: str
    region_id: str
    department_id: str
    manager_id: str
    active: bool
    managed_region_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., username: _Optional[str] = ..., display_name: _Optional[str] = ..., role: _Optional[str] = ..., region_id: _Optional[str] = ..., department_id: _Optional[str] = ..., manager_id: _Optional[str] = ..., active: _Optional[bool] = ..., managed_region_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Region(_message.Message):
    __slots__ = ("id", "code", "name", "provinces", "is_default")
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROVINCES_FIELD_NUMBER: _ClassVar[int]
    IS_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    id: str
    code: str
    name: str
    provinces: _containers.RepeatedScalarFieldContainer[str]
    is_default: bool
    def __init__(self, id: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., provinces: _Optional[_Iterable[str]] = ..., is_default: _Optional[bool] = ...) -> None: ...

class GetUserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ("role", "region_id", "include_inactive")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    REGION_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_INACTIVE_FIELD_NUMBER: _ClassVar[int]
    role: str
    region_id: str
    include_inactive: bool
    def __init__(self, role: _Optional[str] = ..., region_id: _Optional[str] = ..., include_inactive: _Optional[bool] = ...) -> None: ...

class ListUsersResponse(_message.Message):
    __slots__ = ("users",)
    USERS_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ...) -> None: ...

class ListRegionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListRegionsResponse(_message.Message):
    __slots__ = ("regions",)
    REGIONS_FIELD_NUMBER: _ClassVar[int]
    regions: _containers.RepeatedCompositeFieldContainer[Region]
    def __init__(self, regions: _Optional[_Iterable[_Union[Region, _Mapping]]] = ...) -> None: ...

class ResolveRegionRequest(_message.Message):
    __slots__ = ("province",)
    PROVINCE_FIELD_NUMBER: _ClassVar[int]
    province: str
    def __init__(self, province: _Optional[str] = ...) -> None: ...

class Department(_message.Message):
    __slots__ = ("id", "code", "name", "supervisor_id", "retired", "kind")
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SUPERVISOR_ID_FIELD_NUMBER: _ClassVar[int]
    RETIRED_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    id: str
    code: str
    name: str
    supervisor_id: str
    retired: bool
    kind: str
    def __init__(self, id: _Optional[str] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., supervisor_id: _Optional[str] = ..., retired: _Optional[bool] = ..., kind: _Optional[str] = ...) -> None: ...

class ListDepartmentsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListDepartmentsResponse(_message.Message):
    __slots__ = ("departments",)
    DEPARTMENTS_FIELD_NUMBER: _ClassVar[int]
    departments: _containers.RepeatedCompositeFieldContainer[Department]
    def __init__(self, departments: _Optional[_Iterable[_Union[Department, _Mapping]]] = ...) -> None: ...

class IntakeSource(_message.Message):
    __slots__ = ("name", "display_name", "active")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    active: bool
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., active: _Optional[bool] = ...) -> None: ...

class ListIntakeSourcesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListIntakeSourcesResponse(_message.Message):
    __slots__ = ("sources",)
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    sources: _containers.RepeatedCompositeFieldContainer[IntakeSource]
    def __init__(self, sources: _Optional[_Iterable[_Union[IntakeSource, _Mapping]]] = ...) -> None: ...
