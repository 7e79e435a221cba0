"""Indexes `leads.merged_into`: reading one lead (its history lists the leads merged into
it) looked them up by `merged_into`, a sequential scan of the whole table for every
`GET /api/v1/leads/{id}` — the bench's read-back of a few thousand leads was PostgreSQL's
busiest statement. Partial: only merged leads have it.

Revision ID: 20261130_merged_into_index
Revises: 20261129_drop_contact_key_index
Create Date: 2026-11-30
"""

from alembic import op

revision = "20261130_merged_into_index"
down_revision = "20261129_drop_contact_key_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX leads_merged_into ON leads (merged_into) "
               "WHERE merged_into IS NOT NULL")


def downgrade() -> None:
    op.drop_index("leads_merged_into", "leads")
