"""A real gRPC server for a test: the production bootstrap (health, reflection, auth and
tracing interceptors) on a free port, stopped when the block ends."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

import grpc

from servicekit.grpcserver import build_grpc_server, start_grpc
from servicekit.procs import free_port
from servicekit.settings import ServiceSettings


@asynccontextmanager
async def grpc_serving(settings: ServiceSettings,
                       register: Callable[[grpc.aio.Server], Sequence[str]]) -> AsyncIterator[str]:
    """`register(server)` adds the servicers and returns their full service names; the
    block gets the server's "host:port"."""
    port = free_port()
    server, health = build_grpc_server(settings, port)
    await start_grpc(server, health, register(server))
    try:
        yield f"127.0.0.1:{port}"
    finally:
        await server.stop(grace=None)
