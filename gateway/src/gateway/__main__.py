"""`python -m gateway [serve|migrate|revision|seed]`."""

from pathlib import Path

from servicekit.cli import service_main

from gateway.seed import main as seed
from gateway.server import serve

service_main(name="gateway", migrations_dir=Path(__file__).parents[2] / "migrations",
             serve=serve, commands={"seed": seed})
