"""Org directory (regions, provinces, departments, users, managed regions), intake sources
and API keys, plus the messaging tables every schema has.

Revision ID: 20261126_0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op
from servicekit.migrations import create_messaging_tables, drop_messaging_tables

revision = "20261126_0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Uuid(), primary_key=True)


def _created_at() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                     server_default=sa.func.now())


def upgrade() -> None:
    create_messaging_tables(op)
    op.create_table(
        "regions", _id(),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        _created_at(),
        sa.UniqueConstraint("code", name="uq_regions_code"),
    )
    op.create_index("uq_regions_one_default", "regions", ["is_default"], unique=True,
                    postgresql_where=sa.text("is_default"))
    op.create_table(
        "province_regions",
        sa.Column("province", sa.Text(), primary_key=True),
        sa.Column("region_id", sa.Uuid(), sa.ForeignKey("regions.id"), nullable=False),
    )
    op.create_index("ix_province_regions_region_id", "province_regions", ["region_id"])
    op.create_table(
        "departments", _id(),
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        _created_at(),
        sa.UniqueConstraint("code", name="uq_departments_code"),
    )
    op.create_table(
        "users", _id(),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("region_id", sa.Uuid(), sa.ForeignKey("regions.id")),
        sa.Column("department_id", sa.Uuid(), sa.ForeignKey("departments.id")),
        sa.Column("manager_id", sa.Uuid(), sa.ForeignKey("users.id")),
        sa.Column("password_hash", sa.Text()),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.text("true")),
        _created_at(),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.CheckConstraint(
            "role IN ('rep', 'manager', 'director', 'engineer', 'finance', 'admin')",
            name="ck_users_role"),
    )
    op.create_index("ix_users_region_id", "users", ["region_id"])
    op.create_table(
        "manager_regions",
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("region_id", sa.Uuid(), sa.ForeignKey("regions.id"), primary_key=True),
    )
    op.create_table(
        "intake_sources", _id(),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.text("true")),
        _created_at(),
        sa.UniqueConstraint("name", name="uq_intake_sources_name"),
    )
    op.create_table(
        "api_keys", _id(),
        sa.Column("source_id", sa.Uuid(), sa.ForeignKey("intake_sources.id"), nullable=False),
        sa.Column("key_sha256", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False, server_default=sa.text("''")),
        sa.Column("demo_plaintext", sa.Text()),
        _created_at(),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("key_sha256", name="uq_api_keys_key_sha256"),
    )
    op.create_index("ix_api_keys_source_id", "api_keys", ["source_id"])


def downgrade() -> None:
    for table in ("api_keys", "intake_sources", "manager_regions", "users", "departments",
                  "province_regions", "regions"):
        op.drop_table(table)
    drop_messaging_tables(op)
