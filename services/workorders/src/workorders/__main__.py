"""`python -m workorders [serve|migrate|revision]`."""

from pathlib import Path

from servicekit.cli import service_main

from workorders.bootstrap import serve

service_main(name="workorders", migrations_dir=Path(__file__).resolve().parents[2] / "migrations",
             serve=serve)
