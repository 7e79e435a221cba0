"""`python -m notifications [serve|migrate|revision]`."""

from pathlib import Path

from servicekit.cli import service_main

from notifications.bootstrap import serve

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

service_main(name="notifications", migrations_dir=MIGRATIONS, serve=serve)
