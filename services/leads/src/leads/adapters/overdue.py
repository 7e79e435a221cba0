"""What the `overdue` list filter means, on the first-contact clock's columns.

A lead is overdue while it is `assigned`, its owner has logged no contact
(`first_contacted_at` is NULL) and its clock's deadline (`first_contact_due_at`, working
hours, set by the `leads-clock` consumer) has passed. A lead reassigned after running
out gets a new deadline with its new owner, so it leaves the overdue list until that one
runs out too. Kept apart so the definition lives in one place.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, not_

from leads.adapters.orm import leads


def overdue_clause(overdue: bool) -> ColumnElement[bool]:
    late = and_(leads.c.status == "assigned", leads.c.first_contacted_at.is_(None),
                leads.c.first_contact_due_at.isnot(None),
                leads.c.first_contact_due_at < func.now())
    return late if overdue else not_(late)
