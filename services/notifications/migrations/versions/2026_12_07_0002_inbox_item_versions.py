"""notify: inbox items carry a version that every change of their text takes anew.

A summary item is rewritten in place under its id (an import's counts grew, a handover's
batches added up), so "items newer than the last one seen" misses it on the live
stream's reconnect. `version` comes from one sequence: a new item takes the next value,
a rewrite takes the next again, so "items whose version is above the last one seen"
is everything created or rewritten since, in the order it happened. Existing items get
versions in the order they were made (they were never replayed by version).

Revision ID: 20261207_inbox_item_versions
Revises: 20261207_import_unassignable
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "20261207_inbox_item_versions"
down_revision = "20261207_import_unassignable"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE SEQUENCE inbox_item_versions AS bigint")
    op.add_column("inbox_items", sa.Column("version", sa.BigInteger, nullable=True))
    op.execute("""
        UPDATE inbox_items SET version = ordered.version
        FROM (SELECT id, nextval('inbox_item_versions') AS version
              FROM (SELECT id FROM inbox_items ORDER BY created_at, id) AS by_age) AS ordered
        WHERE inbox_items.id = ordered.id""")
    op.alter_column("inbox_items", "version", nullable=False,
                    server_default=sa.text("nextval('inbox_item_versions')"))
    op.execute("ALTER SEQUENCE inbox_item_versions OWNED BY inbox_items.version")
    op.create_index("ix_inbox_items_user_version", "inbox_items", ["user_id", "version"])


def downgrade() -> None:
    op.drop_index("ix_inbox_items_user_version", table_name="inbox_items")
    op.drop_column("inbox_items", "version")  # drops the owned sequence with it
