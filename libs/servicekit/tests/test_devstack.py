"""The local PostgreSQL and NATS that `make run` and the tests start."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import nats
import pytest
from servicekit.devstack import Nats, PortInUse, Postgres, free_port

pytestmark = pytest.mark.integration


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[Postgres]:
    server = Postgres(tmp_path, free_port(), fast=True)
    server.start()
    yield server
    server.stop()


def _dsn(server: Postgres) -> str:
    return f"postgresql://salesos@127.0.0.1:{server.port}/salesos"


async def test_postgres_accepts_the_salesos_role_on_loopback(postgres: Postgres) -> None:
    conn = await asyncpg.connect(_dsn(postgres))
    try:
        assert await conn.fetchval("SELECT current_user") == "salesos"
        assert await conn.fetchval("SHOW server_encoding") == "UTF8"
    finally:
        await conn.close()


async def test_second_run_reuses_the_data_of_the_first(postgres: Postgres) -> None:
    conn = await asyncpg.connect(_dsn(postgres))
    await conn.execute("CREATE TABLE kept (name text); INSERT INTO kept VALUES ('华东')")
    await conn.close()
    postgres.stop()
    postgres.start()
    conn = await asyncpg.connect(_dsn(postgres))
    try:
        assert await conn.fetchval("SELECT name FROM kept") == "华东"
    finally:
        await conn.close()


def test_postgres_starts_over_a_stale_pidfile_from_a_killed_run(postgres: Postgres) -> None:
    postgres.stop()
    # A hard-killed postmaster leaves its pid file; the pid may since belong to anyone.
    pidfile = postgres.pgdata / "postmaster.pid"
    pidfile.write_text(f"{__import__('os').getpid()}\n{postgres.pgdata}\n0\n{postgres.port}\n"
                       "\n127.0.0.1\n0 0\nready\n")
    postgres.start()
    assert postgres.psql("SELECT 1", "salesos").strip() == "1"


def test_a_taken_port_is_reported_by_its_variable_name(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortInUse, match=rf"^SALESOS_PG_PORT {port} is already in use$"):
            Postgres(tmp_path, port).start()
        with pytest.raises(PortInUse, match=rf"^SALESOS_NATS_PORT {port} is already in use$"):
            Nats(tmp_path, port).start()


async def test_jetstream_keeps_stream_messages_across_a_nats_restart(tmp_path: Path) -> None:
    server = Nats(tmp_path, free_port())
    server.start()
    try:
        nc = await nats.connect(server.url)
        js = nc.jetstream()
        await js.add_stream(name="KEEP", subjects=["keep.>"])
        for i in range(3):
            await js.publish("keep.it", f"m{i}".encode(), headers={"Nats-Msg-Id": f"id-{i}"})
        await nc.close()
        server.stop()
        server.start()
        nc = await nats.connect(server.url)
        info = await nc.jetstream().stream_info("KEEP")
        await nc.close()
        assert info.state.messages == 3
    finally:
        server.stop()
