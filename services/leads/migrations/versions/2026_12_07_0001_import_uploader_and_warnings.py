"""An import remembers who uploaded it as what (role, login, home region), so a rep's own
spreadsheet is placed with them when the job runs later (service_layer/import_own.py);
and counts the rows imported with warnings (a bad optional cell dropped), whose lines in
import_errors say so (`warning`). Imports from before: no role, placed by the rules as
they were; no warnings.

Revision ID: 20261207_import_uploader
Revises: 20261206_rule_names_casefold
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "20261207_import_uploader"
down_revision = "20261206_rule_names_casefold"
branch_labels = None
depends_on = None

_TEXTS = ("uploader_role", "uploader_username", "uploader_region_id")


def upgrade() -> None:
    for name in _TEXTS:  # constant defaults: no table rewrite
        op.add_column("imports", sa.Column(name, sa.Text, nullable=False,
                                           server_default=sa.text("''")))
    op.add_column("imports", sa.Column("rows_warned", sa.Integer, nullable=False,
                                       server_default=sa.text("0")))
    op.add_column("import_errors", sa.Column("warning", sa.Boolean, nullable=False,
                                             server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("import_errors", "warning")
    op.drop_column("imports", "rows_warned")
    for name in _TEXTS:
        op.drop_column("imports", name)
