"""Province names for the leads domain; the table itself is shared reference data in
`servicekit.provinces` (the gateway's region mapping uses the same one)."""

from servicekit.provinces import FULL_NAMES, MAINLAND_PROVINCES, short_province

__all__ = ["FULL_NAMES", "MAINLAND_PROVINCES", "short_province"]
