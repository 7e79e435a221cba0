"""Bodies of the contact log, qualify/disqualify and the admin working calendar."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gateway.timefilters import Day, Moment


class ContactCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    channel: Literal["call", "visit", "wechat", "email"]
    outcome: str = Field(min_length=1, max_length=2000, description="what came of it")
    next_step: str = Field("", max_length=2000)
    next_step_at: Moment | None = Field(
        None, description="optional; without a zone it is read as Asia/Shanghai")


class ContactRead(BaseModel):
    id: str
    lead_id: str
    rep_id: str
    channel: str
    outcome: str
    next_step: str
    next_step_at: datetime | None
    contacted_at: datetime | None
    lead_status: str | None = Field(None, description="the lead's status after this contact")


class ContactPage(BaseModel):
    items: list[ContactRead]
    next_cursor: str | None


class Disqualify(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    reason: str = Field(min_length=1, max_length=500)


class CalendarDayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Day
    name: str = Field("", max_length=50, description="e.g. 国庆节, 春节调休")


class CalendarYearWrite(BaseModel):
    """The State Council's notice for one year; every other day follows Monday–Friday."""

    model_config = ConfigDict(extra="forbid")

    holidays: list[CalendarDayIn] = Field(default_factory=list, max_length=366,
                                          description="days off, weekdays among them")
    workdays: list[CalendarDayIn] = Field(default_factory=list, max_length=366,
                                          description="make-up workdays (调休)")


class CalendarDayRead(BaseModel):
    date: date
    name: str


class CalendarYearRead(BaseModel):
    year: int
    source: str = Field(description="seeded | admin | none (Monday–Friday fallback)")
    holidays: list[CalendarDayRead]
    workdays: list[CalendarDayRead]
