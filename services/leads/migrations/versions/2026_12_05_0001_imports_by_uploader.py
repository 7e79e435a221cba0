"""Indexes an uploader's imports in list order: `GET /api/v1/leads/imports` pages a rep's
own imports (and a manager's, through the people of their regions) newest first on
(created_at, id), which found them through the unique (created_by, idempotency_key) key
and sorted every import of theirs for each page. On (created_by, created_at, id) a rep's
page is read backward from the cursor, a page's worth of entries; the id is the keyset's
tie-break, so the scan needs no sort. The columns never change once written, so the
counters' updates while an import runs stay HOT.

Revision ID: 20261205_imports_by_uploader
Revises: 20261204_search_grams
Create Date: 2026-12-05
"""

from alembic import op

revision = "20261205_imports_by_uploader"
down_revision = "20261204_search_grams"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("imports_by_uploader", "imports", ["created_by", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("imports_by_uploader", "imports")
