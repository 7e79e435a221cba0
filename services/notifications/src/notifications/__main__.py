"""`python -m notifications [serve|migrate|revision|reseal]` (reseal: after a sealing-key
rotation, servicekit.sealing_migration)."""

from pathlib import Path

from servicekit.cli import service_main
from servicekit.sealing_migration import reseal_command

from notifications.adapters.orm import metadata
from notifications.bootstrap import serve

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

service_main(name="notifications", migrations_dir=MIGRATIONS, serve=serve,
             commands={"reseal": reseal_command(metadata, "notifications")})
