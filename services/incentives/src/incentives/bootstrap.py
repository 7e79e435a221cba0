"""Wires the incentives process."""

from __future__ import annotations

from servicekit.grpcserver import ServiceApp
from servicekit.settings import ServiceSettings, get_settings


def build_app(settings: ServiceSettings | None = None) -> ServiceApp:
    # No servicers or subscriptions yet: health, reflection, metrics and the (idle) outbox
    # relay already run, so the domain only has to register its pieces here.
    settings = settings or get_settings(ServiceSettings, "incentives")
    return ServiceApp(settings, schema="incentives")


async def serve() -> None:
    await build_app().run()
