"""The FastAPI application factory. Nothing is read or connected at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from servicekit.db import create_engine, session_factory
from servicekit.sealed_columns import check_opens
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gateway.adapters import public_guard
from gateway.adapters.orm import IntakeSource
from gateway.bodylimit import BodyLimits
from gateway.bus import Bus
from gateway.clients import Clients
from gateway.department_retire import RetiredDepartments
from gateway.errors import install_handlers
from gateway.intake_keys import SourceCache
from gateway.live_inbox import LiveInbox
from gateway.openapi import install_openapi
from gateway.ratelimit import RateLimiter
from gateway.readiness import SERVICES, Readiness
from gateway.routes import (
    admin_departments,
    admin_regions,
    admin_users,
    ads,
    analytics,
    approvals,
    assignment,
    auth,
    calendar,
    channels,
    contacts,
    contract_lists,
    contracts,
    experiments,
    field_route,
    health,
    intake,
    intake_admin,
    kpis,
    lead_entry,
    lead_imports,
    lead_lists,
    leads,
    needs,
    notification_admin,
    notification_prefs,
    notification_stream,
    notification_templates,
    notifications,
    opportunities,
    own_password,
    payouts,
    process,
    product_import,
    products,
    quotes,
    rewards,
    signing,
    signing_page,
    survey_page,
    surveys,
    user_handover,
    user_import,
    user_lists,
    visits,
    workorder_admin,
    workorders,
)
from gateway.settings import GatewaySettings, get_settings
from gateway.stack import TELEMETRY_OFF, GatewayApp
from gateway.text_guard import refuse_nul
from gateway.token_check import TokenCutoffs


def create_app(
    settings: GatewaySettings | None = None,
    *,
    sessions: async_sessionmaker[AsyncSession] | None = None,
    clients: Clients | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    engine = None
    if sessions is None:
        engine = create_engine(settings.database_url, "gateway",
                               command_timeout=settings.db_timeout_seconds)
        sessions = session_factory(engine)
    clients = clients or Clients(
        leads_addr=settings.addr_of("leads"),
        notifications_addr=settings.addr_of("notifications"),
        jwt_secret=settings.jwt_secret.get_secret_value(),
        timeout=settings.grpc_timeout_seconds, intake_hold=settings.intake_hold_seconds,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A wrong SALESOS_SEALING_KEYS stops the gateway here, not at the first ad webhook.
        await check_opens(sessions, [IntakeSource.signing_secret,
                                     IntakeSource.previous_signing_secret])
        app.state.bus.start()  # in the background: the gateway serves while NATS is away
        yield
        for limiter in (app.state.rate_limiter, app.state.public_limiter,
                        app.state.login_limiter):
            await limiter.flush()  # hits counted since the last sync go to the shared row
        await clients.close()
        await app.state.readiness.close()
        for client in ("pipeline", "workorders", "incentives"):  # channels made on first use
            if getattr(app.state, client, None) is not None:
                await getattr(app.state, client).close()
        await app.state.bus.close()  # bounded even while NATS is away
        if engine is not None:
            await engine.dispose()

    # GatewayApp: Edge, the lean intake path, then FastAPI's stack (stack.py, edge.py).
    app = GatewayApp(title="SalesOS API", version="1.0.0", lifespan=lifespan,
                     openapi_url="/openapi.json", docs_url="/docs", redoc_url=None,
                     dependencies=[Depends(refuse_nul)],  # a NUL in a parameter: 422
                     telemetry=TELEMETRY_OFF)  # type: ignore[arg-type]
    app.state.settings = settings
    app.state.sessions = sessions
    app.state.clients = clients
    # One NATS connection per replica: live pushes and /readyz's ping share it (bus.py).
    app.state.bus = Bus(settings.nats_url)
    app.state.live_inbox = LiveInbox(app.state.bus)
    app.state.readiness = Readiness({name: settings.addr_of(name) for name in SERVICES},
                                    bus=app.state.bus)
    app.state.source_cache = SourceCache(sessions, ttl=settings.intake_key_cache_seconds)
    app.state.retired_departments = RetiredDepartments(sessions)
    app.state.token_cutoffs = TokenCutoffs(sessions, every=settings.token_check_seconds,
                                           token_ttl=settings.jwt_ttl_seconds)
    app.state.rate_limiter = RateLimiter(sessions, sync_seconds=settings.intake_rate_sync_seconds)
    app.state.public_limiter = RateLimiter(sessions, sync_seconds=settings.intake_rate_sync_seconds,
                                           count=public_guard.count_hits)
    app.state.login_limiter = RateLimiter(sessions, sync_seconds=settings.intake_rate_sync_seconds,
                                          count=public_guard.count_hits)
    install_handlers(app, settings.retry_after_seconds)
    app.state.body_limits = BodyLimits(
        settings.max_body_bytes, per_path={lead_imports.UPLOAD_PATH: settings.max_import_bytes,
                                           product_import.UPLOAD_PATH:
                                           product_import.MAX_UPLOAD_BYTES,
                                           user_import.UPLOAD_PATH: user_import.MAX_UPLOAD_BYTES},
        per_pattern={visits.UPLOAD_PATTERN: settings.max_visit_upload_bytes,
                     workorders.ATTACHMENT_PATH: workorders.MAX_ATTACHMENT_BODY})
    app.include_router(health.router)
    # lead_lists before leads: /leads/export.xlsx must not be read as /leads/{lead_id}.
    for module in (auth, intake, lead_lists, lead_imports, leads, notifications, contacts,
                   calendar, channels, ads, lead_entry, assignment, opportunities, process,
                   product_import, products, quotes, visits, needs, field_route, analytics,
                   contract_lists, contracts, approvals, signing, signing_page,
                   workorder_admin, workorders, notification_stream,
                   notification_prefs, notification_admin, notification_templates,
                   intake_admin):
        app.include_router(module.router)
    for module in (kpis, rewards, payouts, experiments, surveys,  # issue 6: incentives
                   survey_page):
        app.include_router(module.router)
    # export.xlsx is declared before /admin/users/{user_id} inside user_lists.
    app.include_router(user_lists.router)
    app.include_router(admin_departments.router)
    app.include_router(admin_regions.router)
    app.include_router(admin_users.router)
    app.include_router(user_import.router)
    app.include_router(user_handover.router)
    app.include_router(own_password.router)
    install_openapi(app)
    return app
