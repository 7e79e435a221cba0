"""Alembic environment of the gateway schema (version table gateway.alembic_version)."""

from gateway.adapters.orm import Base
from servicekit.migrations import run_migrations

run_migrations(Base.metadata, "gateway")
