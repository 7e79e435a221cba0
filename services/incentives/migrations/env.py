"""Alembic environment of the incentives schema (version table incentives.alembic_version).

The schema comes from the caller (servicekit's upgrade_head passes it; `python -m
incentives migrate` passes "incentives"), so the integration tests can migrate a schema of
their own that a running stack's relay and consumers never touch.
"""

from alembic import context
from incentives.adapters.orm import metadata
from servicekit.migrations import run_migrations

run_migrations(metadata, context.config.attributes.get("schema") or "incentives")
