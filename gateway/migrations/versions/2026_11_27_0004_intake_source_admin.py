"""intake-source-admin: what admins managing sources, keys and ad secrets over the API need.

Revision ID: 20261127_0004_intake_admin
Revises: 20261127_0003_seal_secrets
Create Date: 2026-11-27

- `api_keys.key_hint`: the key's last 4 characters, so a list can tell keys apart without
  holding anything that lets one call (demo keys get theirs from `demo_plaintext`; keys
  issued before this revision stay without one).
- `created_by` + `idempotency_key` + `request_hash` on sources and keys: a retried create
  answers the first one (unique per creator and key, as the services' creates do).
- `intake_sources.previous_signing_secret` (sealed like the current one) and
  `previous_secret_valid_until`: after a rotation the ad platform's old secret still
  verifies for a grace period, because platforms cannot switch instantly.
- `secret_idempotency_key` / `secret_request_hash`: the last rotation's key, so its retry
  shows the same new secret instead of rotating again (which would drop the old one).
"""

import sqlalchemy as sa
from alembic import op

revision = "20261127_0004_intake_admin"
down_revision = "20261127_0003_seal_secrets"
branch_labels = None
depends_on = None

_IDEMPOTENCY = ("created_by", "idempotency_key", "request_hash")


def upgrade() -> None:
    for table in ("intake_sources", "api_keys"):
        for column in _IDEMPOTENCY:
            op.add_column(table, sa.Column(column, sa.Text()))
        op.create_unique_constraint(f"uq_{table}_created_by", table,
                                    ["created_by", "idempotency_key"])
    op.add_column("api_keys", sa.Column("key_hint", sa.Text()))
    op.execute("UPDATE api_keys SET key_hint = right(demo_plaintext, 4)"
               " WHERE demo_plaintext IS NOT NULL")
    op.add_column("intake_sources", sa.Column("previous_signing_secret", sa.Text()))
    op.add_column("intake_sources", sa.Column("previous_secret_valid_until",
                                              sa.DateTime(timezone=True)))
    op.add_column("intake_sources", sa.Column("secret_idempotency_key", sa.Text()))
    op.add_column("intake_sources", sa.Column("secret_request_hash", sa.Text()))


def downgrade() -> None:
    for column in ("secret_request_hash", "secret_idempotency_key",
                   "previous_secret_valid_until", "previous_signing_secret"):
        op.drop_column("intake_sources", column)
    op.drop_column("api_keys", "key_hint")
    for table in ("intake_sources", "api_keys"):
        op.drop_constraint(f"uq_{table}_created_by", table, type_="unique")
        for column in reversed(_IDEMPOTENCY):
            op.drop_column(table, column)
