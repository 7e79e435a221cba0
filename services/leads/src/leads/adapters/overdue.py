"""The seam for the `overdue` list filter.

The first-contact clock (branch `contact-clock`) owns when a lead is overdue. Until its
columns exist this returns None and the list answers the filter with INVALID_ARGUMENT
("not supported yet") instead of pretending. When the clock lands, return the predicate
here, e.g. `leads.c.first_contact_overdue_at.isnot(None)` for True and its negation for
False; nothing else in the list code changes.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement

from leads.adapters.orm import leads

# Column the contact clock is expected to add; used as soon as it is there.
OVERDUE_COLUMN = "first_contact_overdue_at"


def overdue_clause(overdue: bool) -> ColumnElement[bool] | None:
    column = leads.c.get(OVERDUE_COLUMN)
    if column is None:
        return None
    return column.isnot(None) if overdue else column.is_(None)
