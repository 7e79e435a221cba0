"""Who filed a visit's report: the visitor, or a manager or director of the deal filing it
on the visitor's behalf (which the request must say). Reports filed before keep '' (the
visitor's own: only then was the visit always the filer's).

Revision ID: 20261211_visit_reported_by
Revises: 20261210_visit_site
Create Date: 2026-12-11
"""

import sqlalchemy as sa
from alembic import op

revision = "20261211_visit_reported_by"
down_revision = "20261210_visit_site"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in ("reported_by_id", "reported_by_username"):
        op.add_column("visits", sa.Column(name, sa.Text(), nullable=False,
                                          server_default=sa.text("''")))


def downgrade() -> None:
    op.drop_column("visits", "reported_by_username")
    op.drop_column("visits", "reported_by_id")
