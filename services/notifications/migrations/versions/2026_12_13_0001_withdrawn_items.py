"""notify: an item that asked someone to act can be withdrawn when that no longer waits.

`inbox_items.about` names what an item asks its reader to act on (`approval_step:<id>`
for a contract approval step, its reminders and escalations); `withdrawn_at` is set when
that stopped waiting (pipeline.approval_withdrawn: the contract went back to draft or
became void). `withdrawn_subjects` remembers what was withdrawn, so an announcement that
arrives after its withdrawal tells nobody. Items from before have no `about`: they stay.

Revision ID: 20261213_withdrawn_items
Revises: 20261212_approval_texts
Create Date: 2026-12-13
"""

import sqlalchemy as sa
from alembic import op

revision = "20261213_withdrawn_items"
down_revision = "20261212_approval_texts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("inbox_items", sa.Column("about", sa.Text, nullable=False,
                                           server_default=""))
    op.add_column("inbox_items", sa.Column("withdrawn_at", sa.DateTime(timezone=True)))
    op.create_index("ix_inbox_items_about", "inbox_items", ["about"],
                    postgresql_where=sa.text("about <> ''"))
    op.create_table(
        "withdrawn_subjects",
        sa.Column("about", sa.Text, primary_key=True),
        sa.Column("why", sa.Text, nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("withdrawn_subjects")
    op.drop_index("ix_inbox_items_about", table_name="inbox_items")
    op.drop_column("inbox_items", "withdrawn_at")
    op.drop_column("inbox_items", "about")
