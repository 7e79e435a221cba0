"""Tables of the first-contact clock and the lead lifecycle, on the leads MetaData."""

from __future__ import annotations

from servicekit.workcal.table import calendar_days_table
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)

from leads.adapters.orm import metadata

# The working calendar: every day of each year that has an official schedule. A year
# without rows falls back to Monday–Friday (see domain/workcal.py).
calendar_days = calendar_days_table(metadata)

# One row per reminder/escalation of a running clock; servicekit's DueJob fires them.
# A stopped clock keeps its rows with `cancelled_at` set (history), and the handler skips them.
first_contact_deadlines = Table(
    "first_contact_deadlines",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("lead_id", Uuid, nullable=False),
    Column("owner_id", Text, nullable=False),  # whose clock: a reassigned lead gets new rows
    Column("kind", Text, nullable=False),  # reminder_50 | reminder_90 | overdue
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("fired_at", DateTime(timezone=True)),
    Column("cancelled_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # Set for a lead an import placed: told in its import's summary (import_clocks).
    Column("import_id", Uuid),
    Index("first_contact_deadlines_due", "due_at", postgresql_where=text("fired_at IS NULL")),
    Index("first_contact_deadlines_lead", "lead_id"),
    Index("first_contact_deadlines_import", "import_id", "owner_id", "kind",
          postgresql_where=text("import_id IS NOT NULL")),
)

# One due row per (import, owner, kind), at the moment the last of the import's leads with
# that owner passes the threshold; it fires leads.import_first_contact_due with the count.
import_clocks = Table(
    "import_clocks",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("import_id", Uuid, ForeignKey("imports.id", ondelete="CASCADE"), nullable=False),
    Column("owner_id", Text, nullable=False),
    Column("kind", Text, nullable=False),  # reminder_50 | reminder_90 | overdue
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("fired_at", DateTime(timezone=True)),
    UniqueConstraint("import_id", "owner_id", "kind", name="import_clocks_group"),
    Index("import_clocks_due", "due_at", postgresql_where=text("fired_at IS NULL")),
)

lead_contacts = Table(
    "lead_contacts",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("lead_id", Uuid, nullable=False),
    Column("rep_id", Text, nullable=False),
    Column("channel", Text, nullable=False),  # call | visit | wechat | email
    Column("outcome", Text, nullable=False),
    Column("next_step", Text, nullable=False, server_default=text("''")),
    Column("next_step_at", DateTime(timezone=True)),
    Column("idempotency_key", Text),
    Column("contacted_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("lead_id", "idempotency_key", name="lead_contacts_idempotency_key"),
    Index("lead_contacts_lead", "lead_id", "contacted_at"),
)
