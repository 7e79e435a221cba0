"""Alembic environment of the notifications schema (version table notifications.alembic_version).

The schema comes from the caller (servicekit's upgrade_head passes it; `python -m
notifications migrate` passes "notifications"), so integration tests can migrate a schema
of their own that a running stack's consumers and jobs never touch.
"""

from alembic import context
from notifications.adapters.orm import metadata
from servicekit.migrations import run_migrations

run_migrations(metadata, context.config.attributes.get("schema") or "notifications")
