"""`python -m gateway [serve|migrate|revision|seed|reseal]` (reseal: after a sealing-key
rotation, servicekit.sealing_migration)."""

from pathlib import Path

from servicekit.cli import service_main
from servicekit.sealing_migration import reseal_command

from gateway.adapters.orm import Base
from gateway.seed import main as seed
from gateway.server import serve

service_main(name="gateway", migrations_dir=Path(__file__).parents[2] / "migrations",
             serve=serve, commands={"seed": seed,
                                    "reseal": reseal_command(Base.metadata, "gateway")})
