"""Alembic environment of the leads schema (version table leads.alembic_version).

The schema comes from the caller (servicekit's upgrade_head passes it; `python -m leads
migrate` passes "leads"), so the integration tests can migrate a schema of their own that
a running stack's relay and assigner never touch.
"""

import leads.adapters.assignment_orm  # noqa: F401  (its tables join the metadata)
from alembic import context
from leads.adapters.orm import metadata
from servicekit.migrations import run_migrations

run_migrations(metadata, context.config.attributes.get("schema") or "leads")
