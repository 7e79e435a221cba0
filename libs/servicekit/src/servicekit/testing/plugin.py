"""pytest plugin `salesos`: the tests run against real PostgreSQL and NATS they start.

Registered through the `pytest11` entry point of salesos-servicekit, so every test in the
workspace can request these fixtures without a conftest import:

- `infra` (session): PostgreSQL + NATS from `servicekit.devstack` (the code `make run`
  uses) on free ports in a temporary data dir, every installed service's schema migrated,
  and SALESOS_DATABASE_URL / SALESOS_NATS_URL / SALESOS_DEMO=1 / SALESOS_SEALING_KEYS (a
  fresh key) set in os.environ.
  Started on first request only. `stop_nats()`/`start_nats()`, `stop_postgres()`/
  `start_postgres()` simulate outages.
- `stack` (session): every process of SalesOS plus the demo seed (the gateway's and the
  pipeline's year of history, as `make run`), over `infra`;
  `.gateway_url`, `.intake_api_key`, `.addr("leads")`, `.database_url`, `.trace_file`
  (every process appends its spans there as JSON lines), and the same stop/start methods.
- `outage` (per test): `outage("pipeline")` kills that process of `stack`; whatever the
  test does, it runs again afterwards, so the next story finds the whole system.
- `sealing_keys` (per test): `sealing_keys(new, old)` sets this process's
  SALESOS_SEALING_KEYS for the test (key rotation, a wrong key).
- `db_session` / `db_sessionmaker` (per test): `await db_session("leads")` gives an
  AsyncSession inside an outer transaction that is rolled back after the test; commits
  inside become savepoints (`join_transaction_mode="create_savepoint"`).

The cluster runs with fsync off: a test database is thrown away, speed matters more.
Logs stay under pytest's basetemp (`.../salesos0/logs/`), kept for the last runs.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib.util import find_spec
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from servicekit.devstack import Infra, free_port
from servicekit.migrations import upgrade_head
from servicekit.sealing import key_kept_in
from servicekit.stack import PROCESSES, Ports, Stack, installed, run_migrations


@pytest.fixture(scope="session")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    data_dir = tmp_path_factory.mktemp("salesos")
    started = Infra(data_dir, free_port(), free_port(), fast=True)
    started.start()
    saved = {k: os.environ.get(k) for k in ("SALESOS_DATABASE_URL", "SALESOS_NATS_URL",
                                            "SALESOS_DEMO", "SALESOS_SEALING_KEYS")}
    try:
        # A fresh sealing key per session (not the demo one): tests and the stack's
        # processes seal and open with it alike, as one installation would.
        os.environ.update(SALESOS_DATABASE_URL=started.database_url,
                          SALESOS_NATS_URL=started.nats_url, SALESOS_DEMO="1",
                          SALESOS_SEALING_KEYS=key_kept_in(data_dir / "sealing.key"))
        _forget_cached_settings()
        _migrate_all(started.database_url, data_dir / "logs")
        yield started
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _forget_cached_settings()
        started.stop()


@pytest.fixture(scope="session")
def stack(infra: Infra) -> Iterator[Stack]:
    ports = dataclasses.replace(Ports.free(), pg=infra.postgres.port, nats=infra.nats.port)
    # Spans go to a file too, so tests can follow one trace across the processes.
    env = os.environ | {"SALESOS_TRACE_FILE": str(infra.data_dir / "traces.jsonl")}
    # The pipeline's demo history too, as `make run` seeds it: the demo year's KPI facts
    # of deals (wins, visits, moves) are that history, told to incentives by the seed.
    running = Stack(ports, infra.data_dir, env=env, infra=infra,
                    processes=installed(PROCESSES), migrate=False, say=lambda _msg: None,
                    demo_seeds=("pipeline",))
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture
def outage(stack: Stack) -> Iterator[Callable[[str], None]]:
    killed: list[str] = []

    def kill(name: str) -> None:
        stack.kill(name)
        killed.append(name)

    yield kill
    for name in killed:
        if stack.children[name].poll() is not None:
            stack.restart(name)


@pytest.fixture(scope="session")
async def _db_engines(infra: Infra) -> AsyncIterator[Callable[[str], AsyncEngine]]:
    from servicekit.db import create_engine

    engines: dict[str, AsyncEngine] = {}

    def engine_for(schema: str) -> AsyncEngine:
        if schema not in engines:
            engines[schema] = create_engine(infra.database_url, schema, pool_size=2)
        return engines[schema]

    yield engine_for
    for engine in engines.values():
        await engine.dispose()


class _OuterTransactions:
    """One connection per schema per test, inside a transaction rolled back at the end."""

    def __init__(self, engine_for: Callable[[str], AsyncEngine]) -> None:
        self.engine_for = engine_for
        self.connections: dict[str, AsyncConnection] = {}
        self.sessions: list[AsyncSession] = []

    async def connection(self, schema: str) -> AsyncConnection:
        if schema not in self.connections:
            conn = await self.engine_for(schema).connect()
            await conn.begin()
            self.connections[schema] = conn
        return self.connections[schema]

    async def session(self, schema: str) -> AsyncSession:
        session = AsyncSession(bind=await self.connection(schema), expire_on_commit=False,
                               join_transaction_mode="create_savepoint")
        self.sessions.append(session)
        return session

    async def sessionmaker(self, schema: str) -> async_sessionmaker[AsyncSession]:
        return async_sessionmaker(bind=await self.connection(schema), expire_on_commit=False,
                                  join_transaction_mode="create_savepoint")

    async def close(self) -> None:
        for session in self.sessions:
            await session.close()
        for conn in self.connections.values():
            await conn.rollback()
            await conn.close()


@pytest.fixture
async def _outer(_db_engines: Callable[[str], AsyncEngine]) -> AsyncIterator[_OuterTransactions]:
    outer = _OuterTransactions(_db_engines)
    try:
        yield outer
    finally:
        await outer.close()


@pytest.fixture
def db_session(_outer: _OuterTransactions) -> Callable[[str], Awaitable[AsyncSession]]:
    """`session = await db_session("leads")`: rolled back after the test."""
    return _outer.session


@pytest.fixture
def db_sessionmaker(
    _outer: _OuterTransactions,
) -> Callable[[str], Awaitable[async_sessionmaker[AsyncSession]]]:
    """`sessions = await db_sessionmaker("leads")`, e.g. for a UnitOfWork; rolled back."""
    return _outer.sessionmaker


def _migrate_all(database_url: str, logs: Path) -> None:
    """Every installed service's schema to head, in-process when its folder is conventional.

    In-process skips starting one interpreter per service (seconds on 2 cores). A worker
    thread keeps alembic's own `asyncio.run` away from the test session's event loop.
    """
    conventional, other = [], []
    for pkg in installed(PROCESSES):
        migrations = _migrations_dir(pkg)
        (conventional.append((pkg, migrations)) if migrations else other.append(pkg))

    def upgrade_in_order() -> None:
        for pkg, migrations in conventional:
            upgrade_head(migrations, database_url, pkg)

    with ThreadPoolExecutor(1) as worker:
        worker.submit(upgrade_in_order).result()
    if other:
        logs.mkdir(exist_ok=True)
        run_migrations(tuple(other), dict(os.environ), logs)


def _migrations_dir(pkg: str) -> Path | None:
    spec = find_spec(pkg)
    if spec is None or spec.origin is None:
        return None
    candidate = Path(spec.origin).resolve().parents[2] / "migrations"  # <pkg>/src/<pkg>/
    return candidate if (candidate / "env.py").exists() else None


@pytest.fixture
def auth() -> Callable[..., tuple[tuple[str, str], ...]]:
    """`auth("rep", user_id=..., region_ids=...)`: gRPC metadata carrying a real token,
    signed with the demo secret the test services run with."""
    from servicekit.auth import Principal, bearer_metadata, issue_token
    from servicekit.settings import DEMO_JWT_SECRET

    def metadata(role: str, *, user_id: str = "",
                 region_ids: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
        principal = Principal(user_id=user_id or f"user-{uuid.uuid4()}", username=role,
                              role=role, region_ids=region_ids)
        return bearer_metadata(issue_token(principal, DEMO_JWT_SECRET))

    return metadata


@pytest.fixture
def sealing_keys() -> Iterator[Callable[..., None]]:
    """`sealing_keys(new, old)`: this test process seals with `new` and opens with either
    until the test ends (the stack's processes keep the session's key)."""
    saved = os.environ.get("SALESOS_SEALING_KEYS")

    def use(*keys: str) -> None:
        os.environ["SALESOS_SEALING_KEYS"] = ",".join(keys)
        _forget_cached_settings()

    yield use
    if saved is None:
        os.environ.pop("SALESOS_SEALING_KEYS", None)
    else:
        os.environ["SALESOS_SEALING_KEYS"] = saved
    _forget_cached_settings()


def _forget_cached_settings() -> None:
    try:
        from servicekit.settings import get_settings
    except ImportError:
        return
    get_settings.cache_clear()
