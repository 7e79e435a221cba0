"""Wires the notifications process: ListInbox over gRPC, the `leads.>` consumer."""

from __future__ import annotations

from salesos.notifications.v1 import notifications_pb2_grpc as pb_grpc
from servicekit.grpcserver import ServiceApp
from servicekit.settings import ServiceSettings, get_settings

from notifications.entrypoints.consumers import subscriptions
from notifications.entrypoints.grpc_server import SERVICE_NAME, NotificationServicer


def build_app(settings: ServiceSettings | None = None) -> ServiceApp:
    settings = settings or get_settings(ServiceSettings, "notifications")
    app = ServiceApp(settings, schema="notifications")
    app.add_servicer(pb_grpc.add_NotificationServiceServicer_to_server,
                     NotificationServicer(app.sessions), SERVICE_NAME)
    for subscription in subscriptions(settings):
        app.subscribe(subscription)
    return app


async def serve() -> None:
    await build_app().run()
