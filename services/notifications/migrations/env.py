"""Alembic environment of the notifications schema (version table notifications.alembic_version)."""

from notifications.adapters.orm import metadata
from servicekit.migrations import run_migrations

run_migrations(metadata, "notifications")
