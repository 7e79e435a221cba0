"""Wires the incentives process: IncentiveService over gRPC, the outbox relay, one durable
per scored stream (LEADS, PIPELINE, WORKORDERS), and `incentives-calendar` mirroring the
admins' working-calendar years into this schema's calendar_days."""

from __future__ import annotations

from datetime import time, timedelta

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict
from salesos.incentives.v1 import incentives_pb2_grpc
from servicekit.grpcserver import ServiceApp
from servicekit.settings import ServiceSettings, get_settings, public_address
from servicekit.workcal.loader import seed_calendar
from servicekit.workcal.sync import calendar_subscription

from incentives.adapters.org import OrgDirectory
from incentives.adapters.orm import calendar_days
from incentives.domain.streaks import Policy
from incentives.entrypoints.consumers import subscriptions
from incentives.entrypoints.grpc_server import SERVICE_NAME, IncentiveServicer
from incentives.service_layer.deps import Deps


class IncentiveSettings(ServiceSettings):
    """SALESOS_DAILY_LOG_CUTOFF (HH:MM Asia/Shanghai), SALESOS_STREAK_REWARD_FEN,
    SALESOS_STREAK_REWARD_LABEL, SALESOS_SURVEY_LINK ({token} is replaced; default the
    gateway's page behind SALESOS_PUBLIC_URL, as notifications' links),
    SALESOS_SURVEY_VALID_DAYS."""

    model_config = SettingsConfigDict(env_prefix="SALESOS_", extra="ignore")
    daily_log_cutoff: time = time(21, 0)
    streak_reward_fen: int = 5_000
    streak_reward_label: str = "交通补贴"
    public_url: str = ""
    survey_link: str = ""
    survey_valid_days: int = 14

    @model_validator(mode="after")
    def _customers_can_open_the_link(self) -> IncentiveSettings:
        """The link goes to customers by SMS or e-mail: it defaulted to 127.0.0.1:8000,
        which no deployment overrode (k8s sets SALESOS_PUBLIC_URL only)."""
        if self.survey_link:
            public_address(self.survey_link, demo=self.demo, setting="SALESOS_SURVEY_LINK")
        else:
            base = public_address(self.public_url, demo=self.demo)
            self.survey_link = base.rstrip("/") + "/survey/{token}"
        return self


def build_deps(app: ServiceApp, settings: IncentiveSettings) -> Deps:
    org = OrgDirectory(settings.addr_of("org"),
                       jwt_secret=settings.jwt_secret.get_secret_value())
    return Deps(sessions=app.sessions, org=org,
                habits=Policy(cutoff=settings.daily_log_cutoff,
                              reward_fen=settings.streak_reward_fen,
                              reward_label=settings.streak_reward_label),
                survey_link=settings.survey_link,
                survey_valid=timedelta(days=settings.survey_valid_days))


def build_app(settings: IncentiveSettings | None = None) -> ServiceApp:
    settings = settings or get_settings(IncentiveSettings, "incentives")
    app = ServiceApp(settings, schema="incentives")
    deps = build_deps(app, settings)
    app.add_servicer(incentives_pb2_grpc.add_IncentiveServiceServicer_to_server,
                     IncentiveServicer(deps), SERVICE_NAME)
    for subscription in subscriptions(deps, max_deliver=settings.max_deliver):
        app.subscribe(subscription)
    app.subscribe(calendar_subscription("incentives-calendar", calendar_days))
    return app


async def serve() -> None:
    app = build_app()
    await seed_calendar(app.sessions, calendar_days)  # years chinese-calendar knows
    await app.run()
