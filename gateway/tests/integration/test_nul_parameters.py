"""An admin who pastes a stray NUL (\\u0000) into a search box or a link — a region or
department code in the URL — is told which parameter cannot hold it (422 naming it), as
the pipeline tells about a body's field, instead of a 500 from the database that cannot
store it. Nothing is changed."""

from __future__ import annotations

import httpx
import pytest

from .conftest import login

pytestmark = pytest.mark.integration


async def _admin(api: httpx.AsyncClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {await login(api, 'admin')}"}


@pytest.mark.parametrize(("method", "path", "params", "body", "field"), [
    ("GET", "/api/v1/admin/users", {"q": "rep\x00"}, None, "q"),
    ("GET", "/api/v1/admin/users/export.xlsx", {"q": "\x00"}, None, "q"),
    ("PATCH", "/api/v1/admin/regions/east%00", None, {"name": "华东大区"}, "code"),
    ("POST", "/api/v1/admin/regions/east%00/provinces", None, {"provinces": ["湖北"]}, "code"),
    ("POST", "/api/v1/admin/departments/%00/retire", None, None, "code"),
    ("PATCH", "/api/v1/admin/departments/sales%00", None, {"name": "销售中心"}, "code"),
])
async def test_a_nul_in_a_search_or_a_code_is_refused_naming_the_parameter(
        api: httpx.AsyncClient, method: str, path: str, params: dict | None,
        body: dict | None, field: str) -> None:
    admin = await _admin(api)
    answer = await api.request(method, path, params=params, json=body, headers=admin)
    assert (answer.status_code, answer.json()["field"]) == (422, field), answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "空字符" in answer.json()["detail"]
    regions = (await api.get("/api/v1/admin/regions", headers=admin)).json()["items"]
    assert {r["code"]: r["name"] for r in regions}["east"] == "华东"
