"""Alembic environment of the workorders schema (version table workorders.alembic_version).

The schema comes from the caller (servicekit's upgrade_head passes it; `python -m
workorders migrate` passes "workorders"), so the integration tests can migrate a schema of
their own that a running stack's relay, consumer and clocks never touch.
"""

from alembic import context
from servicekit.migrations import run_migrations
from workorders.adapters.orm import metadata

run_migrations(metadata, context.config.attributes.get("schema") or "workorders")
