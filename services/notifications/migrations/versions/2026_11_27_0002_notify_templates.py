"""notify: message templates as data, one row per kind and language, admins edit them.

Revision ID: 20261127_notify_templates
Revises: 20261127_notify
Create Date: 2026-11-27

Seeded with the texts of this revision, written out here so that a later change to the
code's defaults cannot change what this revision did. A kind added later gets its row
from its own revision; until then the code's default text is used.
"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "20261127_notify_templates"
down_revision = "20261127_notify"
branch_labels = None
depends_on = None
SEED = Path(__file__).with_name("2026_11_27_0002_notify_templates.json")


def upgrade() -> None:
    table = op.create_table(
        "message_templates",
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("language", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("updated_by", sa.Text, nullable=False, server_default=""),
    )
    op.bulk_insert(table, json.loads(SEED.read_text(encoding="utf-8")))


def downgrade() -> None:
    op.drop_table("message_templates")
