"""Wires the leads process: LeadService over gRPC, the outbox relay, the assigner."""

from __future__ import annotations

import asyncio

from pydantic import Field
from salesos.leads.v1 import leads_pb2_grpc
from servicekit.grpcserver import ServiceApp
from servicekit.settings import get_settings
from servicekit.workcal.settings import WorkdaySettings

from leads.adapters.clients import OrgDirectoryClient
from leads.domain.first_contact import DEFAULT_HOURS
from leads.entrypoints import import_worker
from leads.entrypoints.clock import (
    clock_rules,
    clock_subscription,
    deadline_job,
    import_clock_job,
    seed_calendar_at_start,
)
from leads.entrypoints.consumers import subscriptions
from leads.entrypoints.grpc_server import SERVICE_NAME, LeadServicer
from leads.service_layer.handlers import Deps


class LeadsSettings(WorkdaySettings):  # the working day: servicekit.workcal.settings
    org_timeout_seconds: float = 2.0  # SALESOS_ORG_TIMEOUT_SECONDS
    # First-contact clock (README "First-contact clock"), all SALESOS_-prefixed:
    first_contact_hours: dict[str, float] = Field(  # '{"高": 2, "中": 8, "低": 24}'
        default_factory=lambda: dict(DEFAULT_HOURS))
    reassign_on_overdue: bool = True
    clock_interval_seconds: float = 1.0


def build_app(settings: LeadsSettings | None = None
              ) -> tuple[ServiceApp, OrgDirectoryClient, Deps]:
    settings = settings or get_settings(LeadsSettings, "leads")
    app = ServiceApp(settings, schema="leads")
    org = OrgDirectoryClient(settings.addr_of("org"),
                             jwt_secret=settings.jwt_secret.get_secret_value(),
                             timeout_seconds=settings.org_timeout_seconds)
    rules = clock_rules(settings)
    deps = Deps(sessions=app.sessions, org=org, clock_rules=rules)  # intake starts clocks too
    app.add_servicer(leads_pb2_grpc.add_LeadServiceServicer_to_server, LeadServicer(deps),
                     SERVICE_NAME)
    for subscription in subscriptions(deps, max_deliver=settings.max_deliver):
        app.subscribe(subscription)
    app.subscribe(clock_subscription(rules, max_deliver=settings.max_deliver))
    app.schedule(deadline_job(deps, rules, interval_seconds=settings.clock_interval_seconds))
    app.schedule(import_clock_job(deps, interval_seconds=settings.clock_interval_seconds))
    return app, org, deps


async def serve() -> None:
    app, org, deps = build_app()
    await seed_calendar_at_start(app.sessions)
    # Import jobs run beside the app (servicekit has no hook for a plain loop); they
    # stop with it: app.stop is set on SIGTERM before the app drains.
    worker = asyncio.create_task(import_worker.run(deps, app.stop))
    try:
        await app.run()
    finally:
        app.stop.set()
        await worker
        await org.close()
