"""Alembic environment of the incentives schema (version table incentives.alembic_version)."""

from incentives.adapters.orm import metadata
from servicekit.migrations import run_migrations

run_migrations(metadata, "incentives")
