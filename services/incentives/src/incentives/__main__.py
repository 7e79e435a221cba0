"""`python -m incentives [serve|migrate|revision]`."""

from pathlib import Path

from servicekit.cli import service_main

from incentives.bootstrap import serve

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

service_main(name="incentives", migrations_dir=MIGRATIONS, serve=serve)
