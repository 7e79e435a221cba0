"""An import's first-contact clocks are told per owner, not per lead.

`first_contact_deadlines.import_id` marks the deadlines of leads an import placed (their
reminders are not published one by one, and an overdue one is not reassigned), and
`import_clocks` holds one due row per (import, owner, kind) at the moment the last of
those leads passes that threshold: it fires leads.import_first_contact_due with the count.

Revision ID: 20261203_import_clocks
Revises: 20261202_import_owners, 20261127_contact_clock (a merge: it needs the clock's
tables. It said so with depends_on first, which leaves the clock branch a head to
`alembic heads` while the version table already drops it, so that no later merge could
name it; as a parent the version table reads the same, upgraded or not)
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_import_clocks"
down_revision = ("20261202_import_owners", "20261127_contact_clock")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("first_contact_deadlines", sa.Column("import_id", sa.Uuid))
    op.create_index("first_contact_deadlines_import", "first_contact_deadlines",
                    ["import_id", "owner_id", "kind"],
                    postgresql_where=sa.text("import_id IS NOT NULL"))
    op.create_table(
        "import_clocks",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("import_id", sa.Uuid, sa.ForeignKey("imports.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("owner_id", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("import_id", "owner_id", "kind", name="import_clocks_group"),
    )
    op.create_index("import_clocks_due", "import_clocks", ["due_at"],
                    postgresql_where=sa.text("fired_at IS NULL"))


def downgrade() -> None:
    op.drop_table("import_clocks")
    op.drop_index("first_contact_deadlines_import", table_name="first_contact_deadlines")
    op.drop_column("first_contact_deadlines", "import_id")
