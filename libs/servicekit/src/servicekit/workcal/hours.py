"""The working calendar lives in servicekit (leads and workorders both count working
time); leads keeps importing it from here."""

from servicekit.workcal import (
    SHANGHAI,
    WorkingCalendar,
    WorkingHours,
    add_working_time,
)

__all__ = ["SHANGHAI", "WorkingCalendar", "WorkingHours", "add_working_time"]
