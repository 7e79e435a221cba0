import httpx
import pytest
from gateway.settings import GatewaySettings
from servicekit.auth import decode_token

from .conftest import login

pytestmark = pytest.mark.integration


async def test_demo_user_logs_in_and_gets_a_bearer_token(api: httpx.AsyncClient) -> None:
    response = await api.post("/api/v1/auth/token",
                              json={"username": "rep01", "password": "demo"})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] > 0 and body["access_token"]


async def test_wrong_password_is_401_problem(api: httpx.AsyncClient) -> None:
    response = await api.post("/api/v1/auth/token",
                              json={"username": "rep01", "password": "wrong"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "unauthorized"


async def test_unknown_user_gets_the_same_401_as_a_wrong_password(
        api: httpx.AsyncClient) -> None:
    unknown = await api.post("/api/v1/auth/token", json={"username": "nobody", "password": "x"})
    wrong = await api.post("/api/v1/auth/token", json={"username": "rep01", "password": "x"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json()["detail"] == wrong.json()["detail"]


async def test_me_returns_the_logged_in_user(api: httpx.AsyncClient) -> None:
    token = await login(api, "mgr-east")
    response = await api.get("/api/v1/me", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200
    me = response.json()
    assert me["username"] == "mgr-east" and me["role"] == "manager"
    assert me["display_name"] == "李明"
    assert me["region_ids"] == [me["region_id"]]


async def test_rep_token_is_scoped_to_their_own_region(
        api: httpx.AsyncClient, settings: GatewaySettings) -> None:
    token = await login(api, "rep06")
    me = (await api.get("/api/v1/me", headers={"authorization": f"Bearer {token}"})).json()
    principal = decode_token(token, settings.jwt_secret.get_secret_value())
    assert principal.role == "rep"
    assert principal.region_ids == (me["region_id"],)


async def test_director_token_lists_every_region_explicitly(
        api: httpx.AsyncClient, settings: GatewaySettings) -> None:
    principal = decode_token(await login(api, "director"),
                             settings.jwt_secret.get_secret_value())
    assert len(principal.region_ids) == 5  # 华东 华南 华北 西南 + default


async def test_engineer_belongs_to_the_engineering_department(
        api: httpx.AsyncClient, settings: GatewaySettings) -> None:
    principal = decode_token(await login(api, "eng1"), settings.jwt_secret.get_secret_value())
    assert principal.role == "engineer" and principal.department_id
    assert principal.region_ids == ()
