"""How many of an import's leads went to each owner (`import_owners`), counted with each
batch in its transaction, so a resumed job's counts stay exact: leads.import_finished
tells every owner once how many leads the import gave them, instead of one notification
per lead (a 5,000-row list was 5,000 inbox items and as many e-mails).

Revision ID: 20261202_import_owners
Revises: 20261201_bigram_search
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_import_owners"
down_revision = "20261201_bigram_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_owners",
        sa.Column("import_id", sa.Uuid, sa.ForeignKey("imports.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("owner_id", sa.Text, primary_key=True),
        sa.Column("assigned", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("returned", sa.Integer, nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    op.drop_table("import_owners")
