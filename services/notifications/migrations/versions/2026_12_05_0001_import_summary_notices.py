"""notify: an import's summary item grows when leads placed after it are counted.

`import_summary_notices` keeps, per import and person, the counts their summary item last
showed, so a later leads.import_finished of the same import (the leads assigner placed
leads the import's batches could not) rewrites only the items whose counts grew, and an
older summary redelivered after a newer one changes nothing.

Revision ID: 20261205_import_summary_notices
Revises: 20261204_import_clock_notices
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "20261205_import_summary_notices"
down_revision = "20261204_import_clock_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_summary_notices",
        sa.Column("event_key", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("assigned", sa.Integer, nullable=False),
        sa.Column("returned", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("import_summary_notices")
