"""Bodies of the user admin routes (`/api/v1/admin/users`) and of `/me/password`.

Shape only here; what the values must mean (a rep's region, whom one reports to, the
password policy) is judged in user_rules.py, each failure a 422 naming the field."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from gateway.org_unit_names import TIDIED
from gateway.timefilters import ShanghaiTime

Role = Literal["rep", "manager", "director", "engineer", "finance", "admin"]
# Stored tidied (one space between words, org_unit_names.py): 「张  三」 is 「张 三」 in every
# list and export; a control or invisible character is 422 naming display_name.
DisplayName = Annotated[str, Field(min_length=1, max_length=50), TIDIED]
_POLICY = ("10–128 characters, at least two of letters, digits and symbols, not "
           "containing the username")


class UserCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    username: str = Field(min_length=1, max_length=64,
                          description="2–32 of a–z 0–9 . _ -; unique ignoring case, "
                                      "stored lower-case")
    display_name: DisplayName
    role: Role
    region_id: uuid.UUID | None = Field(None, description="home region; required for reps")
    department_id: uuid.UUID | None = Field(None, description="required for engineers")
    manager_id: uuid.UUID | None = Field(None, description="whom they report to")
    managed_region_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50,
                                                description="managers only; at least one")
    password: str = Field(min_length=1, max_length=256,
                          description=f"initial password, temporary: {_POLICY}")


class UserUpdate(BaseModel):
    """Only the fields sent change; `null` clears region, department or manager."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    display_name: DisplayName | None = None
    role: Role | None = None
    region_id: uuid.UUID | None = None
    department_id: uuid.UUID | None = None
    manager_id: uuid.UUID | None = None
    managed_region_ids: list[uuid.UUID] | None = Field(None, max_length=50)
    active: bool | None = Field(None, description="false deactivates: no login, earlier "
                                                  "tokens refused, no new leads")


class PasswordSet(BaseModel):
    """An admin sets a temporary password; the user's earlier tokens stop working."""

    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=1, max_length=256, description=_POLICY)


class OwnPasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256, description=_POLICY)


class UserRead(BaseModel):
    id: str
    username: str
    display_name: str
    role: Role
    region_id: str | None
    department_id: str | None
    manager_id: str | None
    managed_region_ids: list[str]
    active: bool
    password_temporary: bool = Field(description=(
        "the password was set by an admin (at creation or a reset): the user's next login "
        "opens only POST /api/v1/me/password until they choose their own"))
    created_at: ShanghaiTime
    updated_at: ShanghaiTime


class UserPage(BaseModel):
    items: list[UserRead]
    next_cursor: str | None
