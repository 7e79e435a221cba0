"""Indexes `lead_merges.merged_id` for every merge, undone ones included: reading one lead
lists the merges it took part in (`survivor_id = :id OR merged_id = :id`), and the only
index on `merged_id` was the partial unique one of active merges, which cannot answer
that OR; so every `GET /api/v1/leads/{id}` read the whole merge table. Merges are rare,
hand-made writes; the index costs nothing that matters.

Revision ID: 20261201_merges_by_merged
Revises: 20261130_merged_into_index
Create Date: 2026-12-01
"""

from alembic import op

revision = "20261201_merges_by_merged"
down_revision = "20261130_merged_into_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("lead_merges_merged", "lead_merges", ["merged_id"])


def downgrade() -> None:
    op.drop_index("lead_merges_merged", "lead_merges")
