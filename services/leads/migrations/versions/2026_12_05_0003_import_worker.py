"""An import's row says which worker holds it: `imports.worker`, written by each claim
beside the lease it takes (`lease_until`).

An operator looking at a stuck import had the lease's end in the row but the holder only
in the logs of whichever process claimed it (gone with the pod if that process died). The
worker id names the process (`<host>:<pid>:<4 hex>`, the host being the pod), so
`SELECT state, worker, lease_until, rows_done FROM leads.imports WHERE id = ...` says who
has it and until when; the holder stays after the job ends or is handed back (who ran it
last). Not in the REST API: see services/leads/README.md, "Imports".

Revision ID: 20261205_import_worker
Revises: 20261205_search_casefold
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "20261205_import_worker"
down_revision = "20261205_search_casefold"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("imports", sa.Column("worker", sa.Text))


def downgrade() -> None:
    op.drop_column("imports", "worker")
