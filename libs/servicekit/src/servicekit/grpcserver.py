"""A service process: gRPC server (health, reflection, auth, tracing), metrics, and the
background loops (outbox relay, consumers, due-job scheduler), stopped cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable, Sequence
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry.instrumentation.grpc import aio_server_interceptor

from servicekit import gcpolicy
from servicekit.backlog import Backlog
from servicekit.consumer import Consumer, Subscription
from servicekit.db import create_engine, session_factory
from servicekit.logs import setup_logging
from servicekit.messaging import Bus
from servicekit.metrics import serve_metrics
from servicekit.outbox import Relay
from servicekit.scheduler import DueJob, run_job
from servicekit.settings import ServiceSettings
from servicekit.telemetry import setup_telemetry

log = logging.getLogger(__name__)


def build_grpc_server(settings: ServiceSettings, port: int) -> tuple[grpc.aio.Server, Any]:
    """A server with health, reflection and the standard interceptors; call
    `add_servicer` on it, then `start_grpc` once everything is registered."""
    from servicekit.interceptors import AuthAndErrorsInterceptor

    server = grpc.aio.server(interceptors=[
        aio_server_interceptor(),
        AuthAndErrorsInterceptor(settings.jwt_secret.get_secret_value()),
    ], options=[("grpc.so_reuseport", 0)])
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    bound = server.add_insecure_port(f"0.0.0.0:{port}")
    if bound == 0:
        raise OSError(f"gRPC port {port} is already in use")
    return server, health_servicer


async def start_grpc(server: grpc.aio.Server, health_servicer: Any,
                     service_names: Sequence[str]) -> None:
    reflection.enable_server_reflection((*service_names, reflection.SERVICE_NAME,
                                         health.SERVICE_NAME), server)
    await server.start()
    for name in ("", *service_names):
        await health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)


class ServiceApp:
    """Wires one service: `app.sessions` for servicers, then `add_servicer`, `subscribe`,
    `schedule`, and `await app.run()`."""

    def __init__(self, settings: ServiceSettings, *, schema: str) -> None:
        setup_logging(settings.service_name, settings.log_level)
        setup_telemetry(settings.service_name)
        self.settings, self.schema = settings, schema
        self.engine = create_engine(settings.database_url, schema)
        self.sessions = session_factory(self.engine)
        self.bus = Bus(settings.nats_url, name=settings.service_name,
                       replicas=settings.stream_replicas)
        self.stop = asyncio.Event()
        self._servicers: list[tuple[Callable[[Any, grpc.aio.Server], None], Any, str]] = []
        self._subscriptions: list[Subscription] = []
        self._jobs: list[DueJob] = []

    def add_servicer(self, add: Callable[[Any, grpc.aio.Server], None], servicer: Any,
                     full_name: str) -> None:
        self._servicers.append((add, servicer, full_name))

    def subscribe(self, subscription: Subscription) -> None:
        self._subscriptions.append(subscription)

    def schedule(self, job: DueJob) -> None:
        self._jobs.append(job)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stop.set)
        server, health_servicer = build_grpc_server(self.settings, self.settings.grpc_port)
        for add, servicer, _ in self._servicers:
            add(servicer, server)
        serve_metrics(self.settings.metrics_port)
        await start_grpc(server, health_servicer, [name for *_, name in self._servicers])
        log.info("%s serving gRPC on %d", self.settings.service_name, self.settings.grpc_port)
        tasks = [asyncio.create_task(coro) for coro in self._background()]
        gcpolicy.settle()  # everything is built: what lives now lives as long as we do
        await self.stop.wait()
        log.info("%s stopping", self.settings.service_name)
        await health_servicer.enter_graceful_shutdown()
        await server.stop(grace=5)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.bus.close()
        await self.engine.dispose()

    def _background(self) -> list[Any]:
        name, stop = self.settings.service_name, self.stop
        work: list[Any] = [self.bus.connect(stop)]
        work.append(Relay(self.sessions, self.bus, source=name,
                          dsn=self.settings.database_url).run(stop))
        for sub in self._subscriptions:
            work.append(Consumer(sub, sessions=self.sessions, bus=self.bus, source=name).run(stop))
        for job in self._jobs:
            work.append(run_job(job, self.sessions, source=name, stop=stop))
        work.append(Backlog(self.sessions, self.bus, source=name, jobs=self._jobs,
                            subscriptions=self._subscriptions).run(stop))
        return work
