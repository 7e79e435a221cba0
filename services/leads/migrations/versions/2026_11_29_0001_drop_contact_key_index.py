"""Drops `leads_contact_key`: every query that looks leads up by contact name also asks
for a company key (`contact_key <> '' AND company_key <> ''`: intake's dedupe, the
import's fuzzy candidates), which the three blocking indexes on (contact_key, ...) of
20261128_fuzzy_blocking answer with the same leading column. One btree entry less for
every lead written (a 100k-row import wrote 100k of them for no reader).

Revision ID: 20261129_drop_contact_key_index
Revises: 20261128_fuzzy_blocking
Create Date: 2026-11-29
"""

from alembic import op

revision = "20261129_drop_contact_key_index"
down_revision = "20261128_fuzzy_blocking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("leads_contact_key", "leads")


def downgrade() -> None:
    op.execute("CREATE INDEX leads_contact_key ON leads (contact_key) WHERE contact_key <> ''")
