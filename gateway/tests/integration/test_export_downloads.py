"""Whatever list a person downloads, the browser saves it under its Chinese name (拜访记录.xlsx,
not visits.xlsx or export.xlsx) and Excel opens it: every .xlsx route — found in the
app's route table, so an export added tomorrow is covered too — answers through the one
download helper, with the same content type and a Content-Disposition carrying an ASCII
`filename=` for old clients and RFC 5987's `filename*=UTF-8''…` for the rest."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from typing import Any, cast
from urllib.parse import unquote

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from gateway.adapters.orm import User
from gateway.clients import Clients
from gateway.main import create_app
from gateway.settings import GatewaySettings
from openpyxl import load_workbook
from servicekit.auth import Principal, issue_token
from servicekit.settings import GRPC_PORTS
from servicekit.testing.grpc import grpc_serving
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from gateway import spreadsheets

from .empty_services import register

pytestmark = pytest.mark.integration
ANY_ID = "0190a000-0000-7000-8000-0000000000aa"
DISPOSITION = re.compile(r"attachment; filename=\"[A-Za-z0-9._-]+\.xlsx\"; "
                         r"filename\*=UTF-8''([A-Za-z0-9%._~-]+\.xlsx)")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _xlsx_routes() -> list[str]:
    """The GET routes ending in .xlsx. Only the route table is read: nothing is served."""
    app = create_app(GatewaySettings(demo=True, database_url="postgresql+asyncpg://x@h:1/x"),
                     sessions=async_sessionmaker(), clients=cast(Clients, object()))
    return sorted(c.path for c in iter_route_contexts(app.routes)
                  if c.path and c.path.endswith(".xlsx") and "GET" in (c.methods or ()))


@pytest.fixture
async def empty_services(settings: GatewaySettings,
                         monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    async with grpc_serving(settings, register) as addr:
        for service in GRPC_PORTS:
            monkeypatch.setenv(f"SALESOS_{service.upper()}_ADDR", addr)
        yield


async def _download(app: FastAPI, path: str, token: str) -> httpx.Response:
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://gateway") as client:
            return await client.get(re.sub(r"\{[^}]+\}", ANY_ID, path),
                                    headers={"Authorization": f"Bearer {token}"})
    finally:
        await app.state.clients.close()
        for service in ("pipeline", "workorders", "incentives"):  # made on first use
            if getattr(app.state, service, None) is not None:
                await getattr(app.state, service).close()


def test_the_route_table_has_the_exports() -> None:
    assert {"/api/v1/leads/export.xlsx", "/api/v1/workorders/export.xlsx",
            "/api/v1/opportunities/{opportunity_id}/visits/export.xlsx"} <= set(_xlsx_routes())


@pytest.mark.parametrize("path", _xlsx_routes())
async def test_every_export_downloads_as_xlsx_under_its_chinese_name(
        path: str, settings: GatewaySettings, gateway_sessions: Any, seeded: dict[str, Any],
        empty_services: None, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    helper = spreadsheets.disposition
    monkeypatch.setattr(spreadsheets, "disposition",
                        lambda *names: written.append(helper(*names)) or written[-1])
    async with gateway_sessions() as session:
        director = (await session.scalars(select(User).where(User.username == "director"))
                    ).one()
    token = issue_token(Principal(str(director.id), director.username, "director"),
                        settings.jwt_secret.get_secret_value())
    app = create_app(settings, sessions=gateway_sessions)
    answer = await _download(app, path, token)

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == spreadsheets.XLSX
    header = answer.headers["content-disposition"]
    assert written == [header]  # the one helper wrote it, once
    named = DISPOSITION.fullmatch(header)
    assert named, header
    assert HAN.search(unquote(named[1], errors="strict")), header
    load_workbook(io.BytesIO(answer.content))  # Excel's format, not an error page
    documented = app.openapi()["paths"][path]["get"]["responses"]["200"]["content"]
    assert spreadsheets.XLSX in documented
