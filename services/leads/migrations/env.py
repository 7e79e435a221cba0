"""Alembic environment of the leads schema (version table leads.alembic_version)."""

from leads.adapters.orm import metadata
from servicekit.migrations import run_migrations

run_migrations(metadata, "leads")
