"""`python -m pipeline [serve|migrate|revision]`."""

from pathlib import Path

from servicekit.cli import service_main

from pipeline.bootstrap import serve

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

service_main(name="pipeline", migrations_dir=MIGRATIONS, serve=serve)
