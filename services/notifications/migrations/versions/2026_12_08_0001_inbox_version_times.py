"""notify: inbox items remember when their version was taken (`version_at`).

A version is taken inside the consumer's transaction, before it commits: another
transaction can take a higher one and commit first, so a live stream may show version 105
before 104 exists. A reconnecting stream therefore also replays the changes whose version
was taken shortly (the commit lag) before the last one it saw; `version_at` is how "shortly"
is measured. Existing items take their creation time (their versions were assigned in
that order).

Revision ID: 20261208_inbox_version_times
Revises: 20261207_inbox_item_versions
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "20261208_inbox_version_times"
down_revision = "20261207_inbox_item_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("inbox_items", sa.Column("version_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE inbox_items SET version_at = created_at")
    op.alter_column("inbox_items", "version_at", nullable=False,
                    server_default=sa.text("clock_timestamp()"))


def downgrade() -> None:
    op.drop_column("inbox_items", "version_at")
