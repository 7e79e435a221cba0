"""`python -m pipeline [serve|migrate|revision|seed-demo]`."""

from pathlib import Path

from servicekit.cli import service_main

from pipeline.bootstrap import seed_demo_command, serve

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"

service_main(name="pipeline", migrations_dir=MIGRATIONS, serve=serve,
             commands={"seed-demo": seed_demo_command})
