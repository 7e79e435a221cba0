"""Wires the pipeline process: PipelineService over gRPC, the outbox relay, and the
`pipeline` durable on LEADS that opens a deal for every qualified lead."""

from __future__ import annotations

import logging
from dataclasses import replace

from salesos.pipeline.v1 import pipeline_pb2_grpc, quotes_pb2_grpc
from servicekit.grpcserver import ServiceApp
from servicekit.settings import ServiceSettings, get_settings
from servicekit.storage import DiskStorage
from servicekit.workcal.loader import seed_calendar
from servicekit.workcal.sync import calendar_subscription

from pipeline.adapters.contracts_orm import calendar_days
from pipeline.entrypoints.consumers import subscriptions
from pipeline.entrypoints.contracts_wiring import contracts_settings, wire_contracts
from pipeline.entrypoints.grpc_server import SERVICE_NAME, PipelineServicer
from pipeline.entrypoints.quotes_grpc import QUOTE_SERVICE_NAME, QuoteServicer
from pipeline.service_layer import discount_clock
from pipeline.service_layer.demo_data import seed_demo
from pipeline.service_layer.deps import Deps
from pipeline.settings import PipelineSettings


def build_app(settings: ServiceSettings | None = None) -> ServiceApp:
    settings = settings or get_settings(PipelineSettings, "pipeline")
    app = ServiceApp(settings, schema="pipeline")
    photos = settings.photos_root if isinstance(settings, PipelineSettings) else None
    deps = Deps(sessions=app.sessions, **({"photos": DiskStorage(photos)} if photos else {}))
    contracts = wire_contracts(app, deps)  # issue 4: contracts, approval, signature
    # Quote discounts honour approvers' delegations: the directory says who may hold them
    # (quotes, and a deal's answer naming whom its waiting discount waits for).
    # ... and a waiting discount is chased on the contracts' working calendar.
    with_org = replace(deps, org=contracts.org, timing_at=contracts.timing_at)
    app.schedule(discount_clock.deadline_job(
        with_org, interval_seconds=contracts_settings().approval_job_interval_seconds))
    servicer = PipelineServicer(with_org)
    app.add_servicer(pipeline_pb2_grpc.add_PipelineServiceServicer_to_server, servicer,
                     SERVICE_NAME)
    for subscription in subscriptions(deps, max_deliver=settings.max_deliver):
        app.subscribe(subscription)
    app.add_servicer(quotes_pb2_grpc.add_QuoteServiceServicer_to_server,
                     QuoteServicer(with_org), QUOTE_SERVICE_NAME)
    servicer.handover_timing = contracts.timing_at  # a handover's re-routed approval steps
    servicer.handover_directory = contracts.org  # who may succeed a leaver: checked here too
    # Admins' calendar years (leads.calendar_year_set) mirrored into our own calendar_days.
    app.subscribe(calendar_subscription("pipeline-calendar", calendar_days))
    return app


async def serve() -> None:
    app = build_app()
    try:  # a database down now must not keep the service from starting (Mon–Fri fallback)
        await seed_calendar(app.sessions, calendar_days)
    except Exception:
        logging.getLogger(__name__).exception(
            "could not seed the working calendar; will retry on next start")
    if app.settings.demo:  # the demo catalogue is there before the first request
        products, quotes = await seed_demo(app.sessions)
        logging.getLogger(__name__).info(
            "demo data: %d products, %d won deals' quotes added", products, quotes)
    await app.run()


async def seed_demo_command() -> None:
    """`python -m pipeline seed-demo` (demo mode only; what `make run` runs after the
    gateway's seed): a year of history for 300 customers owned by the demo reps (once),
    then the demo catalogue, the won deals' quotes and their signed contracts, and last
    the whole of it told once as pipeline.deal_history_recorded events (the incentives
    service's KPI facts of those weeks come from them)."""
    from datetime import UTC, datetime

    from servicekit.db import create_engine, session_factory

    from pipeline.adapters.org_client import demo_reps
    from pipeline.adapters.org_directory import OrgClient
    from pipeline.service_layer.demo_contracts import seed_demo_contracts
    from pipeline.service_layer.demo_history import seed_history
    from pipeline.service_layer.demo_history_events import tell_history

    settings = get_settings(ServiceSettings, "pipeline")
    if not settings.demo:
        raise SystemExit("pipeline seed-demo: only with SALESOS_DEMO=1")
    secret = settings.jwt_secret.get_secret_value()
    reps = await demo_reps(settings.addr_of("org"), jwt_secret=secret)
    people = await OrgClient(settings.addr_of("org"), jwt_secret=secret).people()
    engine = create_engine(settings.database_url, "pipeline", pool_size=1)
    try:
        deals = await seed_history(session_factory(engine), reps, now=datetime.now(UTC))
        products, quotes = await seed_demo(session_factory(engine))
        contracts = await seed_demo_contracts(session_factory(engine), people)
        told = await tell_history(session_factory(engine))
    finally:
        await engine.dispose()
    print(f"pipeline seed-demo: {deals} historical deals, {products} products, "
          f"{quotes} won deals' quotes, {contracts} signed contracts added, "
          f"{told} deals' history told")
