"""Alembic environment of the workorders schema (version table workorders.alembic_version)."""

from servicekit.migrations import run_migrations
from workorders.adapters.orm import metadata

run_migrations(metadata, "workorders")
