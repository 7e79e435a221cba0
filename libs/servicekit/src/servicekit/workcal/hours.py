"""The working calendar lives once, in servicekit.workcal (incentives counts working days
for streaks with it too); this name stays so leads' imports read as before."""

from servicekit.workcal import SHANGHAI, WorkingCalendar, WorkingHours, add_working_time

__all__ = ["SHANGHAI", "WorkingCalendar", "WorkingHours", "add_working_time"]
