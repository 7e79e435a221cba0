"""A customer who opens a mistyped or cut-off link sees a zh-CN page saying the link is
invalid, not problem+json in English ("token: String should have at least 16
characters")."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from gateway.public_limit import public_rate_limited
from google.protobuf.message import Message

from gateway import contracts_client

from .fake_services import Recorder, gateway_with


def _never(method: str, request: Message) -> Any:
    raise AssertionError(f"{method} must not be called for a malformed link")


async def _unlimited() -> None:
    """The public pages' rate limit counts in the gateway's database, absent here."""


def _no_rate_limit(app: FastAPI) -> None:
    app.dependency_overrides[public_rate_limited] = _unlimited


async def test_a_cut_off_survey_link_shows_the_invalid_link_page() -> None:
    async with gateway_with({}, configure=_no_rate_limit) as gw:
        for token in ("abc", "a" * 101, "has.dots.in.it.1234567"):
            page = await gw.get(f"/survey/{token}")
            assert page.status_code == 404
            assert page.headers["content-type"].startswith("text/html")
            assert "链接无效" in page.text
        page = await gw.get("/survey/" + "a" * 32)
        assert page.status_code == 200 and "/api/v1/surveys/" + "a" * 32 in page.text


async def test_a_cut_off_signing_link_shows_the_invalid_link_page() -> None:
    contracts = Recorder(_never)
    async with gateway_with({contracts_client._contracts: contracts},
                            configure=_no_rate_limit) as gw:
        for token in ("abc", "a" * 101):
            page = await gw.get(f"/sign/{token}")
            assert page.status_code == 404
            assert page.headers["content-type"].startswith("text/html")
            assert "签署链接无效" in page.text
    assert not contracts.requests
