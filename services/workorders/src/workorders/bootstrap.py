"""Wires the workorders process: WorkOrderService over gRPC, the outbox relay, the
`workorders` durable on PIPELINE, and the clock job (escalations, progress reminders)."""

from __future__ import annotations

import logging
from pathlib import Path

from salesos.workorders.v1 import workorders_pb2_grpc
from servicekit.grpcserver import ServiceApp
from servicekit.settings import get_settings
from servicekit.storage import DiskStorage
from servicekit.workcal.loader import CalendarLoader, seed_calendar
from servicekit.workcal.sync import calendar_subscription

from workorders.adapters.org import OrgClient
from workorders.adapters.orm import calendar_days
from workorders.entrypoints.consumers import subscriptions
from workorders.entrypoints.grpc_server import SERVICE_NAME, WorkOrderServicer
from workorders.entrypoints.scheduler import clock_job
from workorders.service_layer.deps import Deps
from workorders.settings import WorkOrdersSettings

log = logging.getLogger(__name__)


def build_deps(settings: WorkOrdersSettings, app: ServiceApp) -> Deps:
    hours = settings.working_hours()
    demo_minutes = settings.demo_wo_response_minutes
    if demo_minutes and not settings.demo:
        log.warning("SALESOS_DEMO_WO_RESPONSE_MINUTES ignored outside demo mode")
        demo_minutes = None
    org = OrgClient(settings.addr_of("org"), jwt_secret=settings.jwt_secret.get_secret_value(),
                    timeout_seconds=settings.org_timeout_seconds)
    return Deps(sessions=app.sessions, org=org, storage=DiskStorage(
                    settings.attachments_dir or Path(settings.data_dir) / "attachments"),
                calendars=CalendarLoader(calendar_days, hours), demo_minutes=demo_minutes,
                max_attachment_bytes=settings.max_attachment_bytes,
                auto_due_hours=settings.auto_due_working_hours)


def build_app(settings: WorkOrdersSettings | None = None) -> ServiceApp:
    settings = settings or get_settings(WorkOrdersSettings, "workorders")
    app = ServiceApp(settings, schema="workorders")
    deps = build_deps(settings, app)
    app.add_servicer(workorders_pb2_grpc.add_WorkOrderServiceServicer_to_server,
                     WorkOrderServicer(deps), SERVICE_NAME)
    for subscription in subscriptions(deps, max_deliver=settings.max_deliver):
        app.subscribe(subscription)
    # Admins' calendar years (leads.calendar_year_set) mirrored into our own calendar_days.
    app.subscribe(calendar_subscription("workorders-calendar", calendar_days))
    app.schedule(clock_job(deps, interval_seconds=settings.clock_interval_seconds))
    return app


async def serve() -> None:
    app = build_app()
    try:  # a database down now must not keep the service from starting (Mon–Fri fallback)
        await seed_calendar(app.sessions, calendar_days)
    except Exception:
        log.exception("could not seed the working calendar; will retry on next start")
    await app.run()
