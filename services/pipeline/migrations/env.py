"""Alembic environment of the pipeline schema (version table pipeline.alembic_version).

The schema comes from the caller (servicekit's upgrade_head passes it; `python -m pipeline
migrate` passes "pipeline"), so the integration tests can migrate a schema of their own
that a running stack's relay and consumer never touch.
"""

from alembic import context
from pipeline.adapters.orm import metadata
from servicekit.migrations import run_migrations

run_migrations(metadata, context.config.attributes.get("schema") or "pipeline")
