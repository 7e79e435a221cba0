"""`python -m gateway serve`: REST (uvicorn) and OrgDirectory (grpc.aio) in one event loop.

On SIGTERM/SIGINT the replica goes unready (`/readyz/self`), the open live notification
streams end (their EventSource reconnects
elsewhere), uvicorn finishes in-flight requests (cancelling what still runs after
GRACEFUL_SECONDS) and returns, then the gRPC server
is drained with a grace period and the process exits 0. (Stock uvicorn re-raises the
signal after its own shutdown, which would kill the process before gRPC is drained.)
"""

from __future__ import annotations

import logging
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI
from salesos.org.v1 import org_pb2_grpc
from servicekit import gcpolicy
from servicekit.grpcserver import build_grpc_server, start_grpc
from servicekit.logs import setup_logging
from servicekit.telemetry import setup_telemetry

from gateway.main import create_app
from gateway.orgdirectory import SERVICE_NAME, OrgDirectoryServicer
from gateway.routes.health import start_draining
from gateway.settings import get_settings

log = logging.getLogger(__name__)
# In-flight requests get this long after SIGTERM, then are cancelled: k8s' preStop
# sleep (5 s), this and the gRPC drain (5 s) fit in terminationGracePeriodSeconds (30).
GRACEFUL_SECONDS = 15


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, *, before_shutdown: Callable[[], None]) -> None:
        super().__init__(config)
        self._before_shutdown = before_shutdown

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # Live notification streams never end on their own: uvicorn waited for them until
        # the SIGKILL, terminationGracePeriodSeconds later. End them first; ordinary
        # in-flight requests get up to timeout_graceful_shutdown to finish.
        self._before_shutdown()
        await super().shutdown(sockets)

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        gcpolicy.settle()  # app, clients and gRPC built, lifespan done: freeze them

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        previous = {sig: signal.signal(sig, self.handle_exit)
                    for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def _drain(app: FastAPI) -> None:
    start_draining(app)  # /readyz/self fails: k8s sends nothing new here
    app.state.live_inbox.close()


async def serve() -> None:
    settings = get_settings()
    setup_logging("gateway", settings.log_level)
    setup_telemetry("gateway")
    for name, port in (("SALESOS_GATEWAY_PORT", settings.gateway_port),
                       ("SALESOS_ORG_GRPC_PORT", settings.org_grpc_port)):
        if not _port_free(port):
            sys.exit(f"gateway: port {port} ({name}) is already in use; "
                     f"stop whatever holds it or set {name} to another port")
    app = create_app(settings)
    grpc_server, health = build_grpc_server(settings, settings.org_grpc_port)
    org_pb2_grpc.add_OrgDirectoryServicer_to_server(
        OrgDirectoryServicer(app.state.sessions), grpc_server)
    await start_grpc(grpc_server, health, [SERVICE_NAME])
    log.info("OrgDirectory gRPC on %d, HTTP on %d", settings.org_grpc_port,
             settings.gateway_port)
    # httptools named, not "auto": the h11 fallback costs several times its CPU per request.
    # The event loop is servicekit's (uvloop, started by the CLI); no uvicorn access log:
    # Edge (edge.py) logs and counts each request.
    config = uvicorn.Config(app, host="0.0.0.0", port=settings.gateway_port, log_config=None,
                            access_log=False, lifespan="on", http="httptools",
                            timeout_graceful_shutdown=GRACEFUL_SECONDS)
    try:
        await _Server(config, before_shutdown=lambda: _drain(app)).serve()
    finally:
        await health.enter_graceful_shutdown()
        await grpc_server.stop(grace=5)
