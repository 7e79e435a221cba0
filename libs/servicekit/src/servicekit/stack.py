"""The SalesOS processes over local PostgreSQL + NATS: started, waited on, stopped.

`Stack` is what `make run` (servicekit.runner) and the pytest plugin both run: the
runner with the ports from the environment, the tests on free ports. Each process logs
to `<data_dir>/logs/<name>.log`.
"""


from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import grpc
import psutil
from grpc_health.v1 import health_pb2, health_pb2_grpc

from servicekit.devstack import DevstackError, Infra, check_port_free, free_port, spawn, stop, tail
from servicekit.sealing import key_kept_in
from servicekit.settings import GRPC_PORTS, METRICS_PORTS

SERVICES = ("leads", "pipeline", "workorders", "incentives", "notifications")
PROCESSES = ("gateway", *SERVICES)
# The same defaults every process reads its own ports from.
_GRPC, _METRICS = GRPC_PORTS, METRICS_PORTS


class ChildDied(DevstackError):
    """A process of the stack exited on its own."""


@dataclass(frozen=True)
class Ports:
    pg: int = 55432
    nats: int = 4222
    gateway: int = 8000
    grpc: dict[str, int] = field(default_factory=lambda: dict(_GRPC))  # "org" = gateway's
    metrics: dict[str, int] = field(default_factory=lambda: dict(_METRICS))

    @classmethod
    def from_env(cls, env: dict[str, str]) -> Ports:
        def port(name: str, default: int) -> int:
            return int(env.get(f"SALESOS_{name}", default))

        return cls(port("PG_PORT", 55432), port("NATS_PORT", 4222), port("GATEWAY_PORT", 8000),
                   {s: port(f"{s.upper()}_GRPC_PORT", p) for s, p in _GRPC.items()},
                   {s: port(f"{s.upper()}_METRICS_PORT", p) for s, p in _METRICS.items()})

    @classmethod
    def free(cls) -> Ports:
        return cls(free_port(), free_port(), free_port(), {s: free_port() for s in _GRPC},
                   {s: free_port() for s in _METRICS})

    def of_processes(self) -> dict[str, int]:
        """Env var name -> port, for every port the processes (not the infra) listen on."""
        named = {"SALESOS_GATEWAY_PORT": self.gateway}
        named |= {f"SALESOS_{s.upper()}_GRPC_PORT": p for s, p in self.grpc.items()}
        named |= {f"SALESOS_{s.upper()}_METRICS_PORT": p for s, p in self.metrics.items()}
        return named

    def env(self) -> dict[str, str]:
        env = {name: str(port) for name, port in self.of_processes().items()}
        env |= {f"SALESOS_{s.upper()}_ADDR": f"127.0.0.1:{p}" for s, p in self.grpc.items()}
        return env | {"SALESOS_PG_PORT": str(self.pg), "SALESOS_NATS_PORT": str(self.nats)}


@dataclass
class SeedInfo:
    logins: list[Any]
    password: str
    intake_api_key: str | None
    qr_api_key: str | None = None
    ads_secret: str | None = None


class Stack:
    """The processes of SalesOS over an `Infra`; starts the infra too unless given one."""

    def __init__(self, ports: Ports, data_dir: Path, *, env: dict[str, str] | None = None,
                 infra: Infra | None = None, processes: tuple[str, ...] = PROCESSES,
                 migrate: bool = True, say: Callable[[str], None] = print,
                 demo_seeds: tuple[str, ...] = ()) -> None:
        self.ports, self.data_dir = ports, Path(data_dir).resolve()
        self.owns_infra = infra is None
        self.infra = infra or Infra(self.data_dir, ports.pg, ports.nats)
        self.processes, self.migrate, self.say = processes, migrate, say
        # Services whose `python -m <svc> seed-demo` runs after the gateway's seed (it
        # needs the demo people): the demo history of `make run` and of the e2e stack.
        self.demo_seeds = demo_seeds
        self.base_env = dict(os.environ if env is None else env)
        self.logs = self.data_dir / "logs"
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.seed: SeedInfo | None = None

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.gateway}"

    @property
    def database_url(self) -> str:
        return self.infra.database_url

    @property
    def nats_url(self) -> str:
        return self.infra.nats_url

    @property
    def trace_file(self) -> Path | None:
        """Where the processes append their spans (`SALESOS_TRACE_FILE`), if anywhere."""
        path = self.base_env.get("SALESOS_TRACE_FILE")
        return Path(path) if path else None

    @property
    def intake_api_key(self) -> str | None:
        return self.seed.intake_api_key if self.seed else None

    def addr(self, service: str) -> str:
        return f"127.0.0.1:{self.ports.grpc[service]}"

    def stop_nats(self) -> None:
        self.infra.stop_nats()

    def start_nats(self) -> None:
        self.infra.start_nats()

    def stop_postgres(self) -> None:
        self.infra.stop_postgres()

    def start_postgres(self) -> None:
        self.infra.start_postgres()

    def pause_postgres(self, paused: bool = True) -> None:
        """Fault drills: PostgreSQL stops answering without closing a connection (a frozen
        host, a partition, a failover's first seconds): SIGSTOP to the server and every
        backend; `paused=False` resumes them (SIGCONT)."""
        server = self.infra.postgres.proc
        assert server is not None, "PostgreSQL is not running"
        pids = [server.pid, *(child.pid for child in psutil.Process(server.pid).children())]
        for pid in pids if paused else reversed(pids):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP if paused else signal.SIGCONT)

    def kill(self, name: str, sig: signal.Signals = signal.SIGKILL) -> None:
        """Fault drills: `name` dies without a goodbye (SIGKILL, the default) or stalls
        (SIGSTOP; SIGCONT resumes it). A killed process is reaped before this returns."""
        proc = self.children[name]
        proc.send_signal(sig)
        if sig in (signal.SIGKILL, signal.SIGTERM):
            proc.wait(15)

    def restart(self, name: str, timeout: float = 60) -> None:
        """`name` stopped (if it still runs) and started again on the same ports and data,
        as a supervisor would; returns once it serves."""
        stop(self.children[name], signal.SIGTERM, 15)
        self.children[name] = spawn([sys.executable, "-m", name, "serve"],
                                    self.logs / f"{name}.log", env=self.child_env(),
                                    arms_itself=True)
        self._wait_ready(timeout, only=(name,))

    def child_env(self) -> dict[str, str]:
        return self.base_env | self.ports.env() | {
            "SALESOS_DATABASE_URL": self.infra.database_url,
            "SALESOS_NATS_URL": self.infra.nats_url,
            "SALESOS_DATA_DIR": str(self.data_dir),
            "SALESOS_SEALING_KEYS": self.sealing_keys,
            "PYTHONUNBUFFERED": "1",
        }

    @cached_property
    def sealing_keys(self) -> str:
        """Every process must open what another sealed, today and after a restart on the
        same data: the environment's keys, else one key kept in the data directory."""
        return self.base_env.get("SALESOS_SEALING_KEYS") or key_kept_in(
            self.data_dir / "sealing.key")

    def check_ports(self) -> None:
        named = self.ports.of_processes()
        if self.owns_infra:
            named |= {"SALESOS_PG_PORT": self.ports.pg, "SALESOS_NATS_PORT": self.ports.nats}
        for name, port in named.items():
            check_port_free(port, name)

    def start(self) -> SeedInfo | None:
        self.check_ports()
        self.logs.mkdir(parents=True, exist_ok=True)
        if self.owns_infra:
            self.say(f"starting PostgreSQL on :{self.ports.pg} and NATS on :{self.ports.nats}")
            self.infra.start()
        if self.migrate:
            self.say("migrating " + ", ".join(self.processes))
            run_migrations(self.processes, self.child_env(), self.logs)
        self.say("starting " + ", ".join(self.processes))
        for name in self.processes:
            self.children[name] = spawn([sys.executable, "-m", name, "serve"],
                                        self.logs / f"{name}.log", env=self.child_env(),
                                        arms_itself=True)
        self._wait_ready(timeout=90, only=self.processes)
        if "gateway" in self.processes:
            self.seed = self._run_seed()
            for name in (s for s in self.demo_seeds if s in self.processes):
                self._run_demo_seed(name)
        return self.seed

    def _run_demo_seed(self, name: str) -> None:
        """A service's demo data; a failure is reported, the stack keeps running."""
        self.say(f"seeding {name} demo data")
        log_path = self.logs / f"{name}-seed.log"
        with log_path.open("ab") as log:
            done = subprocess.run([sys.executable, "-m", name, "seed-demo"],
                                  env=self.child_env(), stdout=log, stderr=log, check=False)
        if done.returncode != 0:
            self.say(f"{name} demo data failed (code {done.returncode}); see {log_path}")

    def stop(self, timeout: float = 15) -> None:
        for proc in self.children.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.children.values():
            stop(proc, signal.SIGTERM, timeout)
        self.children.clear()
        if self.owns_infra:
            self.infra.stop()

    def check_alive(self) -> None:
        for name, proc in self.children.items():
            if proc.poll() is not None:
                log = self.logs / f"{name}.log"
                raise ChildDied(f"{name} {_how_it_ended(proc.returncode)}; last lines of "
                                f"{log}:\n{tail(log)}")

    def wait(self, poll_seconds: float = 0.5) -> None:
        """Block until a child dies (raises ChildDied) or KeyboardInterrupt."""
        while True:
            self.check_alive()
            time.sleep(poll_seconds)

    def _wait_ready(self, timeout: float, only: tuple[str, ...]) -> None:
        checks: dict[str, Callable[[], bool]] = {}
        for name in only:
            if name == "gateway":
                checks["gateway http"] = lambda: http_ok(f"{self.gateway_url}/readyz")
                checks["gateway OrgDirectory"] = lambda: grpc_serving(self.addr("org"))
            else:
                checks[name] = lambda n=name: grpc_serving(self.addr(n))
        deadline = time.monotonic() + timeout
        while checks:
            self.check_alive()
            checks = {name: ready for name, ready in checks.items() if not ready()}
            if checks and time.monotonic() > deadline:
                raise DevstackError(f"not ready after {timeout:.0f}s: {', '.join(checks)} "
                                    f"(logs in {self.logs})")
            time.sleep(0.2)

    def _run_seed(self) -> SeedInfo:
        with (self.logs / "gateway-seed.log").open("ab") as log:
            done = subprocess.run([sys.executable, "-m", "gateway", "seed"], env=self.child_env(),
                                  stdout=subprocess.PIPE, stderr=log, check=False)
        out = done.stdout.decode(errors="replace").strip()
        if done.returncode != 0 or not out:
            raise DevstackError(f"demo seed failed (code {done.returncode}); see "
                                f"{self.logs / 'gateway-seed.log'}:\n{out[-2000:]}")
        data = json.loads(out.splitlines()[-1])
        return SeedInfo(data.get("logins", []), data.get("password", "demo"),
                        data.get("intake_api_key"), data.get("qr_api_key"),
                        data.get("ads_secret"))


def _how_it_ended(code: int) -> str:
    if code < 0:
        return f"was killed by {signal.Signals(-code).name}"
    return f"exited with code {code}"


def run_migrations(packages: tuple[str, ...], env: dict[str, str], logs: Path) -> None:
    """`python -m <pkg> migrate` for each package, in parallel (each has its own schema)."""
    running = {}
    for pkg in packages:
        with (logs / f"{pkg}-migrate.log").open("ab") as log:
            running[pkg] = subprocess.Popen([sys.executable, "-m", pkg, "migrate"], env=env,
                                            stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT)
    failed = [pkg for pkg, proc in running.items() if proc.wait() != 0]
    if failed:
        details = "\n".join(f"--- {p}:\n{tail(logs / f'{p}-migrate.log')}" for p in failed)
        raise DevstackError(f"migration failed for {', '.join(failed)}\n{details}")


def installed(packages: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for p in packages if find_spec(p) and find_spec(f"{p}.__main__"))


def grpc_serving(addr: str) -> bool:
    with grpc.insecure_channel(addr) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=""), timeout=1)
        except grpc.RpcError:
            return False
    return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as reply:
            return int(reply.status) == 200
    except OSError:
        return False
