"""An operator asks /readyz what is missing: the gateway stays ready (its routes that
need no missing service keep working) and names each service that does not answer, and
NATS when the event bus is gone."""

import time
from typing import Any

import httpx
import pytest
from gateway.main import create_app
from gateway.settings import GatewaySettings
from servicekit.procs import free_port

from .stub_services import Seen


async def readyz(settings: GatewaySettings, sessions: Any) -> httpx.Response:
    app = create_app(settings, sessions=sessions)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://gateway") as client:
        response = await client.get("/readyz")
    await app.state.clients.close()
    await app.state.readiness.close()
    await app.state.bus.close()
    return response

async def test_readyz_names_the_services_that_do_not_answer(
        settings: GatewaySettings, gateway_sessions: Any, services: tuple[str, Seen],
        monkeypatch: pytest.MonkeyPatch) -> None:
    serving, nobody = services[0], f"127.0.0.1:{free_port()}"
    for name, addr in {"leads": serving, "notifications": serving, "pipeline": nobody,
                       "workorders": nobody, "incentives": nobody}.items():
        monkeypatch.setenv(f"SALESOS_{name.upper()}_ADDR", addr)
    response = await readyz(settings, gateway_sessions)

    assert response.status_code == 200, response.text
    assert response.json() == {
        "status": "degraded", "missing": ["pipeline", "workorders", "incentives"],
        "services": {"leads": "ok", "pipeline": "unavailable", "workorders": "unavailable",
                     "incentives": "unavailable", "notifications": "ok"},
        "nats": "ok"}


async def test_readyz_is_ready_when_every_service_answers(
        settings: GatewaySettings, gateway_sessions: Any, services: tuple[str, Seen],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("leads", "pipeline", "workorders", "incentives", "notifications"):
        monkeypatch.setenv(f"SALESOS_{name.upper()}_ADDR", services[0])
    response = await readyz(settings, gateway_sessions)
    assert response.json()["status"] == "ready" and response.json()["missing"] == []


async def test_readyz_names_nats_when_the_event_bus_is_gone_and_stays_ready(
        settings: GatewaySettings, gateway_sessions: Any, services: tuple[str, Seen],
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("leads", "pipeline", "workorders", "incentives", "notifications"):
        monkeypatch.setenv(f"SALESOS_{name.upper()}_ADDR", services[0])
    nobody = settings.model_copy(update={"nats_url": f"nats://127.0.0.1:{free_port()}"})
    started = time.monotonic()
    response = await readyz(nobody, gateway_sessions)

    # Reads work without NATS: the probe passes (the pod stays in the Service), the body
    # names what stopped, within the probe's own deadline.
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "degraded"
    assert response.json()["missing"] == ["nats"] and response.json()["nats"] == "unavailable"
    assert time.monotonic() - started < 2
