"""The survey link a customer gets by SMS or e-mail must open the gateway's page where they
can reach it: it was http://127.0.0.1:8000/survey/... unless SALESOS_SURVEY_LINK was set,
which no deployment set (k8s sets only SALESOS_PUBLIC_URL), so every customer's link
pointed at their own phone."""

from __future__ import annotations

import pytest
from incentives.bootstrap import IncentiveSettings
from pydantic import ValidationError

REAL = {"demo": False, "jwt_secret": "a-real-secret-of-enough-length-for-hs256-0123"}


def test_the_survey_link_goes_behind_the_public_address_customers_open() -> None:
    settings = IncentiveSettings(**REAL, public_url="https://crm.example.cn/")
    assert settings.survey_link == "https://crm.example.cn/survey/{token}"


@pytest.mark.parametrize("url", ["", "http://127.0.0.1:8000", "http://localhost", "crm.cn"])
def test_outside_demo_mode_a_missing_or_loopback_address_refuses_to_start(url: str) -> None:
    with pytest.raises(ValidationError, match="SALESOS_PUBLIC_URL"):
        IncentiveSettings(**REAL, public_url=url)
    with pytest.raises(ValidationError, match="SALESOS_SURVEY_LINK"):
        IncentiveSettings(**REAL, public_url="https://crm.example.cn",
                          survey_link="http://127.0.0.1:8000/survey/{token}")


def test_a_link_of_ones_own_is_kept() -> None:
    own = "https://survey.example.cn/s/{token}"
    assert IncentiveSettings(**REAL, public_url="https://crm.example.cn",
                             survey_link=own).survey_link == own


def test_demo_mode_links_to_the_gateway_this_stack_started(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`make run` on other ports (SALESOS_GATEWAY_PORT=8800) linked port 8000: someone
    else's stack on a shared machine, or nothing."""
    monkeypatch.setenv("SALESOS_GATEWAY_PORT", "8800")
    assert IncentiveSettings(demo=True).survey_link == "http://127.0.0.1:8800/survey/{token}"
    monkeypatch.delenv("SALESOS_GATEWAY_PORT")
    assert IncentiveSettings(demo=True).survey_link == "http://127.0.0.1:8000/survey/{token}"
