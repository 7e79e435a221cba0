"""What a director, finance or an attacker gets wrong with incentives and logins, through
the gateway with every process running: refused with the field named, nothing saved."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.helpers import login

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


@pytest.mark.parametrize(("starts_on", "ends_on", "field"), [
    ("2027-01-01", "2037-01-01", "ends_on"),     # 2037 typed for 2027: a ten-year trial
    ("9999-12-31", "9999-12-31", "starts_on"),   # its results answered 502
])
def test_a_director_cannot_start_a_trial_of_ten_years_or_outside_this_century(
        client: httpx.Client, starts_on: str, ends_on: str, field: str) -> None:
    director = login(client, "director")
    before = client.get("/api/v1/experiments", params={"limit": 100}, headers=director)
    created = client.post("/api/v1/experiments", headers=director, json={
        "name": "十年试点", "seed": 3, "starts_on": starts_on, "ends_on": ends_on})
    assert created.status_code == 422, created.text
    assert created.headers["content-type"] == "application/problem+json"
    assert created.json()["field"] == field
    after = client.get("/api/v1/experiments", params={"limit": 100}, headers=director)
    assert after.json()["items"] == before.json()["items"]
