"""The REST app with a service replaced by a recorder: what the gateway sends to a service
and what it makes of the answer, without starting one."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from gateway.main import create_app
from gateway.settings import GatewaySettings
from google.protobuf.message import Message
from servicekit.auth import Principal, issue_token

Answer = Callable[[str, Message], Any]


class Recorder:
    """Stands in for a service client (`StubClient`, and `Clients.call_notifications` /
    `list_inbox`): records each request, answers with `answer(method, request)`, which
    may raise (an `AioRpcError`, as the service would)."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests: list[tuple[str, Message]] = []

    async def call(self, method: str, request: Message, *, user_token: str,
                   deadline: float | None = None) -> Any:
        self.requests.append((method, request))
        return self.answer(method, request)

    async def upload(self, method: str, requests: AsyncIterator[Message], *, user_token: str,
                     deadline: float) -> Any:
        parts = [part async for part in requests]
        self.requests.append((method, parts[0]))  # the header
        return self.answer(method, parts[0])

    async def call_notifications(self, method: str, request: Message, *,
                                 user_token: str) -> Any:
        return await self.call(method, request, user_token=user_token)

    def service_token(self) -> str:
        return "service-token"

    def last(self, method: str) -> Any:
        return next(r for m, r in reversed(self.requests) if m == method)


class NoneRetired:
    """The token check with nobody's tokens retired: these apps have no database to read
    the cut-offs from (token_check.py; its own tests use the real one)."""

    async def stands(self, principal: Principal) -> bool:
        return True

    def note(self, user_id: str, cutoff: Any) -> None:
        pass


class NoneRetiredDepartments:
    """No department retired or of the sales kind: these apps have no database to ask
    (department_retire.py; its own tests use the real one)."""

    async def refusal(self, code: str) -> str | None:
        return None


def settings() -> GatewaySettings:
    return GatewaySettings(demo=True, database_url="postgresql+asyncpg://x@127.0.0.1:1/x",
                           grpc_timeout_seconds=0.5)


def bearer(role: str = "rep", user_id: str = "0190a000-0000-7000-8000-000000000001") -> dict[
        str, str]:
    token = issue_token(Principal(user_id, "rep1", role),
                        settings().jwt_secret.get_secret_value())
    return {"Authorization": f"Bearer {token}"}


def _giving(recorder: Recorder) -> Callable[[], Any]:
    async def dependency() -> Recorder:
        return recorder
    return dependency


@asynccontextmanager
async def gateway_with(overrides: dict[Callable[..., Any], Recorder],
                       configure: Callable[[FastAPI], None] | None = None,
                       ) -> AsyncIterator[httpx.AsyncClient]:
    """The app whose dependencies in `overrides` (e.g. `pipeline_client._pipeline`) give
    the recorder instead of a channel to the service."""
    app = create_app(settings())
    app.state.token_cutoffs = NoneRetired()
    app.state.retired_departments = NoneRetiredDepartments()
    for dependency, recorder in overrides.items():
        app.dependency_overrides[dependency] = _giving(recorder)
    if configure is not None:
        configure(app)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
        yield client
    await app.state.clients.close()


def refused_field(answer: httpx.Response, field: str) -> str:
    """The message of a 422 that names `field` first."""
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["field"] == field, body
    return str(body["errors"][0]["message"])
