"""A list filter a client misspelt is a 422 naming it, never the whole list: `?owner_id=…`
answered every lead, which a report reads as "this rep holds everything"."""

import httpx
import pytest
from gateway.query_guard import meant, unknown_problems

from .test_bad_input_problems import _as, _only_error

ACCEPTED = ("status", "owner", "region", "source", "overdue", "created_from", "created_to",
            "q")


@pytest.mark.parametrize("path", ["/api/v1/leads", "/api/v1/leads/export.xlsx"])
@pytest.mark.parametrize(("param", "guess"), [("owner_id", "owner"), ("region_id", "region"),
                                              ("stauts", "status"), ("page", "")])
async def test_a_misspelt_lead_filter_is_named_with_what_it_meant_and_the_accepted_ones(
        offline_client: httpx.AsyncClient, path: str, param: str, guess: str) -> None:
    response = await offline_client.get(path, params={param: "x", "q": "精工"},
                                        headers=_as("director"))
    named, message = _only_error(response)
    assert named == param
    assert message.startswith(f"不支持的查询参数 {param}")
    assert (f"是否要用 {guess}？" in message) == bool(guess)
    assert all(name in message for name in ACCEPTED)


async def test_every_unknown_filter_is_named_at_once(offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.get("/api/v1/leads", headers=_as("director"),
                                        params={"owner_id": "a", "region_id": "b"})
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["owner_id", "region_id"]


async def test_the_lists_own_parameters_still_reach_their_checks(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.get("/api/v1/leads", headers=_as("director"),
                                        params={"q": "精工", "cursor": "", "limit": "1000"})
    assert _only_error(response)[0] == "limit"


def test_the_obvious_intent_is_guessed_and_nonsense_is_not() -> None:
    assert meant("Owner_ID", ACCEPTED) == "owner"
    assert meant("owner_ids", ACCEPTED) == "owner"
    assert meant("created-from", ACCEPTED) == "created_from"
    assert meant("bogus", ACCEPTED) == ""
    assert unknown_problems(["q", "status"], ACCEPTED) == []
