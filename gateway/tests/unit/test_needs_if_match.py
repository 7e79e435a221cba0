"""A needs record saved with an If-Match the gateway cannot read is a 422 naming If-Match,
answered before the pipeline is asked (so nothing here needs a service)."""

import httpx
import pytest
from servicekit.auth import Principal, issue_token
from servicekit.settings import DEMO_JWT_SECRET

NEEDS = "/api/v1/opportunities/01a21c94-3765-7000-a7d3-dbec7f3bfb58/needs"


def _rep() -> dict[str, str]:
    principal = Principal(user_id="8a2a2f4e-31ee-40c4-ab83-55e2e477da96", username="rep01",
                          role="rep", region_ids=())
    return {"authorization": f"Bearer {issue_token(principal, DEMO_JWT_SECRET)}"}


@pytest.mark.parametrize("if_match", [b'"\xb2"', b'W/"\xb3"', b'"12\xb9"', b'"x"' * 60],
                         ids=["superscript two", "weak superscript", "trailing superscript",
                              "longer than any version"])
async def test_an_if_match_that_is_no_version_we_gave_is_a_422_naming_it(
        offline_client: httpx.AsyncClient, if_match: bytes) -> None:
    response = await offline_client.put(NEEDS, json={}, headers=_rep() | {"If-Match": if_match})
    assert response.status_code == 422, response.text
    assert response.json()["field"] == "If-Match"
