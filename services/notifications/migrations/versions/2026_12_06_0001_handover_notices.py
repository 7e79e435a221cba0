"""notify: a leaver's handover is told once, its batches' counts added up.

`handover_notices` keeps, per handover and person told (the successor, the leaver's
manager), the leads and deals their one item shows; each leads.handed_over /
pipeline.opportunities_handed_over adds its batch's count (the consumer's inbox applies
each event once) and the item is rewritten.

Revision ID: 20261206_handover_notices
Revises: 20261205_import_summary_notices
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "20261206_handover_notices"
down_revision = "20261205_import_summary_notices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handover_notices",
        sa.Column("handover_id", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("leads", sa.Integer, nullable=False),
        sa.Column("opportunities", sa.Integer, nullable=False),
        sa.Column("event_ids", ARRAY(sa.Text), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("handover_notices")
