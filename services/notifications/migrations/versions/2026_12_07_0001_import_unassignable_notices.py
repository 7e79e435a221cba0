"""notify: an import's leads nobody could take are told once per import and manager.

`import_unassignable_leads` keeps, per import summary key and person told, the leads
counted in their one "批量导入中有 N 条线索无人可分配" item; the item is rewritten as more of
the import's leads.unassigned arrive (a lead counted once per person, however often its
event is redelivered).

Revision ID: 20261207_import_unassignable
Revises: 20261206_handover_notices
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "20261207_import_unassignable"
down_revision = "20261206_handover_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_unassignable_leads",
        sa.Column("event_key", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("lead_id", sa.Text, primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("import_unassignable_leads")
