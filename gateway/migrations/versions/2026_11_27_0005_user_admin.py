"""user-admin: admins manage people over the API; a change can retire a user's tokens.

Revision ID: 20261127_0005_user_admin
Revises: 20261127_0004_intake_admin
Create Date: 2026-11-27

`users.tokens_valid_after`: tokens issued before it are refused (deactivation, a role,
region or department change, a new password). `create_key` / `create_fingerprint`: the
Idempotency-Key of the admin's create and what it asked (servicekit.idempotency).
Usernames are unique ignoring case (`uq_users_lower_username`), stored lower-case.
"""

import sqlalchemy as sa
from alembic import op

revision = "20261127_0005_user_admin"
down_revision = "20261127_0004_intake_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("tokens_valid_after", sa.DateTime(timezone=True)))
    op.add_column("users", sa.Column("create_key", sa.Text()))
    op.add_column("users", sa.Column("create_fingerprint", sa.Text()))
    op.add_column("users", sa.Column("updated_at", sa.DateTime(timezone=True),
                                     server_default=sa.func.now(), nullable=False))
    # Nobody has edited the existing rows over the API: the demo seed tells an admin's
    # edit by updated_at > created_at (seed.py) and must keep repairing these.
    op.execute("UPDATE users SET updated_at = created_at")
    op.create_unique_constraint("uq_users_create_key", "users", ["create_key"])
    op.create_index("uq_users_lower_username", "users", [sa.text("lower(username)")],
                    unique=True)


def downgrade() -> None:
    op.drop_index("uq_users_lower_username", table_name="users")
    op.drop_constraint("uq_users_create_key", "users", type_="unique")
    for column in ("updated_at", "create_fingerprint", "create_key", "tokens_valid_after"):
        op.drop_column("users", column)
