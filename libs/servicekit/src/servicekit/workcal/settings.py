"""The working day's hours, read the same way by every service with working-hour clocks
(leads' first contact, work orders' response and delivery, contract approvals), so one
set of `SALESOS_WORK_DAY_*`/`SALESOS_LUNCH_*` variables moves all of them."""

from __future__ import annotations

from datetime import time

from servicekit.settings import ServiceSettings
from servicekit.workcal.hours import WorkingHours


class WorkdaySettings(ServiceSettings):
    work_day_start: time = time(9)
    work_day_end: time = time(18)
    lunch_start: time = time(12)
    lunch_end: time = time(13, 30)

    def working_hours(self) -> WorkingHours:
        return WorkingHours(start=self.work_day_start, end=self.work_day_end,
                            lunch_start=self.lunch_start, lunch_end=self.lunch_end)
