"""An import remembers the SHA-256 of its file, so an upload reusing the Idempotency-Key of
another file is refused instead of answered with the first file's import (the second
file's rows were never imported, and the user watched the first one's progress).

Imports from before keep NULL: their keys answer as before, unchecked.

Revision ID: 20261202_import_file_sha256
Revises: 20261202_touch_request_hash
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "20261202_import_file_sha256"
down_revision = "20261202_touch_request_hash"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("imports", sa.Column("file_sha256", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("imports", "file_sha256")
