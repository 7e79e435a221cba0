"""Index-backed pipeline reads at a year's volume (50k deals, 8k contracts):

- contracts had no (created_at, id) index, so every `GET /api/v1/contracts` page (and the
  export) read and sorted the whole table to return 20 rows.
- a rep's or manager's deal list (newest first) found their deals through
  `opportunities_owner` / `_region` on the owner or region alone and then sorted, or
  walked every deal newest-first discarding others' (a rep's won deals: 36k rows read
  for 51). The same two indexes now carry (created_at, id) after the key, so the page is
  read in order; no index is added, two are widened.

Revision ID: 20261201_read_indexes
Revises: 20261130_pipe_calendar
Create Date: 2026-12-01
"""

from alembic import op

revision = "20261201_read_indexes"
down_revision = "20261130_pipe_calendar"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("contracts_page", "contracts", ["created_at", "id"])
    for name in ("owner", "region"):
        op.drop_index(f"opportunities_{name}", "opportunities")
        op.create_index(f"opportunities_{name}", "opportunities",
                        [f"{name}_id", "created_at", "id"])


def downgrade() -> None:
    for name in ("owner", "region"):
        op.drop_index(f"opportunities_{name}", "opportunities")
        op.create_index(f"opportunities_{name}", "opportunities", [f"{name}_id"])
    op.drop_index("contracts_page", "contracts")
