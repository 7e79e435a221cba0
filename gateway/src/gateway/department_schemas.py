"""Bodies of the department admin routes (`/api/v1/admin/departments`).

Shape only here; who may supervise a department is judged in department_admin.py."""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gateway.org_unit_names import TIDIED
from gateway.timefilters import ShanghaiTime
from gateway.validation_messages import labelled_choices

# What a URL, an event's `department` and an export all carry without surprises.
CODE = re.compile(r"[a-z][a-z0-9_]{1,31}")
# Stored tidied (one space between words, org_unit_names.py); a control character is 422.
DeptName = Annotated[str, Field(min_length=1, max_length=50, description="e.g. 质量部"), TIDIED]
# What a department is, whatever its code: the sales department (its members are the
# reps and managers of every region) takes no work orders, since all of them would read
# its queue; every other one is a work-order queue. Chosen at creation, changeable.
Kind = Literal["sales", "functional"]
KIND = ("sales: 销售部门 (reps and managers; takes no work orders, whatever its code); "
        "functional: 职能部门 (技术部, 财务部 …), a work-order queue")
KIND_ZH = {"sales": "销售部门", "functional": "职能部门"}
# As a body sends it: a wrong kind is told the codes with their zh names.
KindIn = Annotated[Kind, labelled_choices(KIND_ZH)]
SUPERVISOR = ("who assigns its work orders: an active member of it, or a manager or "
              "director; null: the member the others report to")


def check_code(code: str) -> str:
    if not CODE.fullmatch(code):
        raise ValueError("部门编码须为 2–32 位小写英文字母、数字或下划线，且以字母开头，"
                         "例如 quality")
    return code


class DepartmentCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    code: str = Field(max_length=64, description="stable identifier work orders carry, "
                                                 "e.g. quality; cannot change later")
    name: DeptName
    supervisor_id: uuid.UUID | None = Field(None, description=SUPERVISOR)
    kind: KindIn = Field("functional", description=KIND)

    _code = field_validator("code")(check_code)


class DepartmentUpdate(BaseModel):
    """Only the fields sent change; `supervisor_id: null` goes back to the reporting line.
    The code cannot change: work orders and escalation chains carry it."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: DeptName | None = None
    supervisor_id: uuid.UUID | None = Field(None, description=SUPERVISOR)
    kind: KindIn | None = Field(None, description=KIND)


class DepartmentRead(BaseModel):
    id: str
    code: str
    name: str
    supervisor_id: str | None = Field(description="the supervisor an admin named, if any")
    acting_supervisor_id: str | None = Field(description=(
        "who supervises it now, as the work orders see it: the named supervisor while "
        "active, else the member the others report to; null: nobody"))
    acting_supervisor_name: str | None
    supervisor_from: Literal["named", "reporting_line"] | None
    members: int = Field(description="active users of the department")
    kind: Kind = Field(description=KIND)
    state: Literal["active", "retired"] = Field(description=(
        "retired: kept for history, takes no new members or work orders"))
    created_at: ShanghaiTime
    retired_at: ShanghaiTime | None = None


class DepartmentList(BaseModel):
    """Every department by code: a company has a handful, so the list is not paged."""

    items: list[DepartmentRead]
