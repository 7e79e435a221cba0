"""Alembic environment of the pipeline schema (version table pipeline.alembic_version)."""

from pipeline.adapters.orm import metadata
from servicekit.migrations import run_migrations

run_migrations(metadata, "pipeline")
