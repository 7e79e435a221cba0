import re
from pathlib import Path

import grpc
import httpx
from gateway.errors import problem_from_rpc
from gateway.problems import PROBLEM_JSON, TITLES, FieldProblem, Problem, validation_problem
from servicekit.errors import FieldError, field_error_status

import gateway


def _rpc_error(code: grpc.StatusCode, trailing: tuple[tuple[str, bytes | str], ...] = (),
               details: str = "boom") -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(*trailing),
                                details=details)


async def test_unknown_route_answers_problem_json_with_stable_code(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["code"] == "not_found" and body["status"] == 404
    assert {"type", "title", "detail"} <= body.keys()
    # zh-CN first: not Starlette's English "Not Found" under a Chinese title.
    assert body["detail"] == body["title"] == "资源不存在"


async def test_wrong_method_is_a_405_problem(offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.delete("/api/v1/auth/token")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response.json()["detail"] == "不支持的请求方法"


async def test_login_shape_errors_name_every_field(offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.post("/api/v1/auth/token", json={"username": 7})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["field"] == "username"
    assert {e["field"] for e in body["errors"]} == {"username", "password"}


async def test_invalid_json_is_a_422_problem(offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.post(
        "/api/v1/auth/token", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_me_without_token_is_401(offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


async def test_garbage_token_is_401(offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.get("/api/v1/me", headers={"authorization": "Bearer x.y.z"})
    assert response.status_code == 401


async def test_database_down_makes_readyz_503_with_retry_after(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["retry-after"].isdigit()
    assert response.json()["code"] == "service_unavailable"


async def test_database_down_makes_login_503_not_500(offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.post("/api/v1/auth/token",
                                         json={"username": "director", "password": "demo"})
    assert response.status_code == 503
    assert "retry-after" in response.headers


async def test_healthz_answers_without_database(offline_client: httpx.AsyncClient) -> None:
    assert (await offline_client.get("/healthz")).status_code == 200


def test_leads_field_violation_becomes_422_naming_the_field() -> None:
    status = field_error_status(FieldError("phone", "手机号格式不正确"))
    trailing = tuple((k, v) for k, v in status.trailing_metadata)
    error = _rpc_error(grpc.StatusCode.INVALID_ARGUMENT, trailing, status.details)
    problem = problem_from_rpc(error, 5)
    assert problem.status == 422
    assert problem.field == "phone"
    assert problem.body()["errors"] == [{"field": "phone", "message": "手机号格式不正确"}]


def test_unavailable_or_slow_service_is_503_with_retry_after() -> None:
    for code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        problem = problem_from_rpc(_rpc_error(code), 7)
        assert problem.status == 503
        assert problem.headers == {"Retry-After": "7"}


def test_not_found_from_a_service_is_404() -> None:
    assert problem_from_rpc(_rpc_error(grpc.StatusCode.NOT_FOUND), 5).status == 404


def test_unexpected_service_error_is_502_not_500() -> None:
    assert problem_from_rpc(_rpc_error(grpc.StatusCode.INTERNAL), 5).status == 502


async def test_intake_with_the_database_down_is_503_not_500(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.post("/api/v1/intake/web-form", json={"name": "张三"},
                                         headers={"X-Api-Key": "k"})
    assert response.status_code == 503
    assert response.headers["retry-after"].isdigit()


async def test_openapi_documents_errors_as_problem_json(offline_client: httpx.AsyncClient) -> None:
    spec = (await offline_client.get("/openapi.json")).json()
    intake = spec["paths"]["/api/v1/intake/web-form"]["post"]
    assert intake["responses"]["422"]["content"] == {
        PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    assert "code" in spec["components"]["schemas"]["Problem"]["properties"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_a_stale_save_is_a_412_titled_in_chinese_like_every_other_problem() -> None:
    problem = problem_from_rpc(_rpc_error(grpc.StatusCode.ABORTED, details="已被修改"), 5)
    body = problem.body()
    assert (body["status"], body["code"], body["detail"]) == (
        412, "precondition_failed", "已被修改")
    assert body["title"] == "资源已被他人修改"


def test_every_problem_the_gateway_raises_has_a_chinese_title() -> None:
    # A code missing from TITLES fell back to the English HTTP phrase: a failed stage gate
    # was titled "Conflict" in an otherwise Chinese answer.
    source = Path(gateway.__file__).parent
    raised = {code for path in source.rglob("*.py")
              for code in re.findall(r'Problem\(\s*\d{3},\s*"([a-z_]+)"', path.read_text())}
    assert "gate_failed" in raised
    assert sorted(raised - TITLES.keys()) == []


def test_a_problem_never_echoes_a_control_or_invisible_character() -> None:
    """A value quoted back with its NUL, line break or bidi override would hide or reorder
    the very text the reader must fix: each is written as its code instead."""
    problem = validation_problem([FieldProblem("provinces.0", "不是中国大陆的省级行政区：湖北\x00"),
                                  FieldProblem("name\u202e", "「华\u200b东」\n已存在")])
    body = problem.body()
    assert body["detail"] == "provinces.0: 不是中国大陆的省级行政区：湖北\\u0000"
    assert body["errors"][1] == {"field": "name\\u202e", "message": "「华\\u200b东」\\u000a已存在"}
    assert not any(ch in str(body) for ch in "\x00\u202e\u200b\n")
    assert Problem(422, "validation_error", detail="华东　一区").body()["detail"] == "华东　一区"
