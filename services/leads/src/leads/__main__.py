"""`python -m leads [serve|migrate|revision]`."""

from pathlib import Path

from servicekit.cli import service_main

from leads.bootstrap import serve

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

service_main(name="leads", migrations_dir=MIGRATIONS, serve=serve)
