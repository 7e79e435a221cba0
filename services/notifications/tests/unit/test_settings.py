"""Links sent to customers and chat robots must open somewhere they can reach."""

from __future__ import annotations

import pytest
from notifications.settings import DEMO_PUBLIC_URL, NotifySettings
from pydantic import ValidationError

REAL = {"demo": False, "jwt_secret": "a-real-secret-of-enough-length-for-hs256-0123"}


@pytest.mark.parametrize("url", ["", "http://127.0.0.1:8000", "http://localhost", "crm.cn"])
def test_outside_demo_mode_a_missing_or_loopback_public_url_refuses_to_start(url: str) -> None:
    with pytest.raises(ValidationError, match="SALESOS_PUBLIC_URL"):
        NotifySettings(**REAL, public_url=url)


def test_a_real_address_is_kept_and_demo_mode_falls_back_to_make_runs_gateway(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SALESOS_GATEWAY_PORT", raising=False)
    assert NotifySettings(**REAL, public_url="https://crm.example.cn").public_url == \
        "https://crm.example.cn"
    assert NotifySettings(demo=True).public_url == DEMO_PUBLIC_URL


def test_demo_mode_links_to_the_gateway_this_stack_started(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`make run` on other ports (SALESOS_GATEWAY_PORT=8800) sent robots and e-mails links
    to port 8000: someone else's stack on a shared machine, or nothing."""
    monkeypatch.setenv("SALESOS_GATEWAY_PORT", "8800")
    assert NotifySettings(demo=True).public_url == "http://127.0.0.1:8800"
