"""A planned visit keeps its site's coordinates when it is checked in (latitude/longitude
then say where the rep was), so the visit answers how far from the customer the rep
checked in. Visits checked in before keep NULL: their planned site was overwritten.

Revision ID: 20261210_visit_site
Revises: 20261210_system_steps
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "20261210_visit_site"
down_revision = "20261210_system_steps"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("visits", sa.Column("site_latitude", sa.Float()))
    op.add_column("visits", sa.Column("site_longitude", sa.Float()))


def downgrade() -> None:
    op.drop_column("visits", "site_longitude")
    op.drop_column("visits", "site_latitude")
