"""Wires the notifications process: NotificationService over gRPC, one consumer per
stream, the delivery and digest due-row jobs, the outbox relay."""

from __future__ import annotations

from datetime import timedelta

from salesos.notifications.v1 import notifications_pb2_grpc as pb_grpc
from servicekit.grpcserver import ServiceApp
from servicekit.sealed_columns import check_opens

from notifications.adapters.channels.base import Channel
from notifications.adapters.channels.registry import build_channels
from notifications.adapters.org_client import OrgDirectory
from notifications.adapters.orm import CREDENTIALS, preferences
from notifications.domain.delivery import RetryPolicy
from notifications.entrypoints.consumers import subscriptions
from notifications.entrypoints.grpc_server import SERVICE_NAME, NotificationServicer
from notifications.entrypoints.jobs import jobs
from notifications.service_layer.deps import Deps
from notifications.settings import NotifySettings, get_notify_settings


def build_deps(app: ServiceApp, settings: NotifySettings,
               channels: dict[str, Channel] | None = None) -> Deps:
    org = OrgDirectory(settings.org_addr or settings.addr_of("org"),
                       jwt_secret=settings.jwt_secret.get_secret_value(),
                       cache_seconds=settings.org_cache_seconds)
    policy = RetryPolicy(max_attempts=settings.delivery_max_attempts,
                         base_seconds=settings.backoff_seconds,
                         max_seconds=settings.delivery_backoff_max_seconds)
    return Deps(sessions=app.sessions, org=org,
                channels=channels if channels is not None else build_channels(settings),
                policy=policy, any_webhook_host=settings.any_webhook_host,
                public_url=settings.public_url,
                change_lag=timedelta(seconds=settings.inbox_change_lag_seconds))


def build_app(settings: NotifySettings | None = None, *, schema: str = "notifications",
              durable_prefix: str = "notifications") -> ServiceApp:
    """`schema` and `durable_prefix` let integration tests run a second instance beside
    a running stack without sharing its rows or its consumers."""
    settings = settings or get_notify_settings()
    app = ServiceApp(settings, schema=schema)
    deps = build_deps(app, settings)
    app.add_servicer(pb_grpc.add_NotificationServiceServicer_to_server,
                     NotificationServicer(deps), SERVICE_NAME)
    for subscription in subscriptions(deps, max_deliver=settings.max_deliver,
                                      prefix=durable_prefix):
        app.subscribe(subscription)
    for job in jobs(deps, interval_seconds=settings.delivery_interval_seconds):
        app.schedule(job)
    return app


async def serve() -> None:
    app = build_app()
    # A wrong SALESOS_SEALING_KEYS stops the process here, not at the first robot message.
    await check_opens(app.sessions, [preferences.c[name] for name in CREDENTIALS])
    await app.run()
