"""must-change-password: a password an admin set is temporary.

Revision ID: 20261127_0006_temp_password
Revises: 20261127_0005_user_admin
Create Date: 2026-11-27

`users.must_change_password`: set by an admin's POST /admin/users/{id}/password, cleared
when the user sets their own (POST /me/password). While set, a login's token opens only
that route (gateway/token_check.py). Existing users keep the password they have.
"""

import sqlalchemy as sa
from alembic import op

revision = "20261127_0006_temp_password"
down_revision = "20261127_0005_user_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                     server_default=sa.text("false")))


def downgrade() -> None:
    op.drop_column("users", "must_change_password")
