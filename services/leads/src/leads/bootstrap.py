"""Wires the leads process: LeadService over gRPC, the outbox relay, the assigner."""

from __future__ import annotations

from salesos.leads.v1 import leads_pb2_grpc
from servicekit.grpcserver import ServiceApp
from servicekit.settings import ServiceSettings, get_settings

from leads.adapters.clients import OrgDirectoryClient
from leads.entrypoints.consumers import subscriptions
from leads.entrypoints.grpc_server import SERVICE_NAME, LeadServicer
from leads.service_layer.handlers import Deps


class LeadsSettings(ServiceSettings):
    org_timeout_seconds: float = 2.0  # SALESOS_ORG_TIMEOUT_SECONDS


def build_app(settings: LeadsSettings | None = None) -> tuple[ServiceApp, OrgDirectoryClient]:
    settings = settings or get_settings(LeadsSettings, "leads")
    app = ServiceApp(settings, schema="leads")
    org = OrgDirectoryClient(settings.addr_of("org"),
                             jwt_secret=settings.jwt_secret.get_secret_value(),
                             timeout_seconds=settings.org_timeout_seconds)
    deps = Deps(sessions=app.sessions, org=org)
    app.add_servicer(leads_pb2_grpc.add_LeadServiceServicer_to_server, LeadServicer(deps),
                     SERVICE_NAME)
    for subscription in subscriptions(deps, max_deliver=settings.max_deliver):
        app.subscribe(subscription)
    return app, org


async def serve() -> None:
    app, org = build_app()
    try:
        await app.run()
    finally:
        await org.close()
