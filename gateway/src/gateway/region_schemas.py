"""Bodies of the region admin routes (`/api/v1/admin/regions`).

Shape only here; whether a change of the map is sound is judged in region_rules.py."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gateway.org_unit_names import TIDIED
from gateway.region_rules import CODE, CODE_RULE
from gateway.timefilters import ShanghaiTime

# Stored tidied (one space between words, org_unit_names.py); a control character is 422.
RegionName = Annotated[str, Field(min_length=1, max_length=30, description="e.g. 华中"), TIDIED]
PROVINCES = ("mainland province-level names, short or full (湖北, 湖北省); each is moved "
             "here from the region it was in")


def check_code(code: str) -> str:
    if not CODE.fullmatch(code):
        raise ValueError(CODE_RULE)
    return code


class RegionCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    code: str = Field(max_length=64, description="stable identifier, e.g. central; "
                                                 "cannot change later")
    name: RegionName
    provinces: list[str] = Field(default_factory=list, max_length=31, description=PROVINCES)

    _code = field_validator("code")(check_code)


class RegionUpdate(BaseModel):
    """A rename; the code stays (tokens, leads and rules carry the region's id)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: RegionName


class ProvincesMove(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    provinces: list[str] = Field(min_length=1, max_length=31, description=PROVINCES)


class Person(BaseModel):
    id: str
    name: str


class RegionRead(BaseModel):
    id: str
    code: str
    name: str
    is_default: bool = Field(description="where a province no region has goes (其他)")
    provinces: list[str]
    managers: list[Person] = Field(description="active managers who manage it")
    reps: int = Field(description="active reps whose home region it is")
    created_at: ShanghaiTime


class ProvinceMoved(BaseModel):
    province: str
    from_code: str | None = Field(description="the region it was in; null: none")
    from_name: str | None


class RegionChange(RegionRead):
    """The region after a create or a move, and which provinces came from where (a
    create's retry with the same Idempotency-Key answers the region as it is now, with
    nothing moved by the retry). Leads already in the system keep their region; new
    arrivals from a moved province come here within seconds (gateway/README.md, Regions)."""

    moved: list[ProvinceMoved]


class RegionList(BaseModel):
    """Every region, the default one last: a company has a handful, so not paged."""

    items: list[RegionRead]
