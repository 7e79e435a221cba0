"""A client that sends something broken is told, in Chinese, which field is at fault.

Nothing behind the gateway is needed: every answer here is given before a service is
called (a signed-in user's token is only decoded)."""

import httpx
import pytest
from servicekit.auth import Principal, issue_token
from servicekit.settings import DEMO_JWT_SECRET

LEAD = "/api/v1/leads/01a21c94-3765-7000-a7d3-dbec7f3bfb58"
JSON = {"content-type": "application/json"}


def _as(role: str) -> dict[str, str]:
    principal = Principal(user_id="8a2a2f4e-31ee-40c4-ab83-55e2e477da96", username="rep01",
                          role=role, region_ids=())
    return {"authorization": f"Bearer {issue_token(principal, DEMO_JWT_SECRET)}"}


def _only_error(response: httpx.Response) -> tuple[str, str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "validation_error"
    assert len(body["errors"]) == 1
    return body["field"], body["errors"][0]["message"]


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and "Input should" not in text


async def test_a_cut_off_json_body_names_the_body_not_a_character_offset(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.post("/api/v1/leads", content=b'{"name":',
                                         headers=_as("rep") | JSON)
    field, message = _only_error(response)
    assert field == "body"
    assert message.startswith("JSON 格式无效")


@pytest.mark.parametrize("body", [b'{"name": "\xff\xfe"}', b"[" * 5000 + b"]" * 5000],
                         ids=["not utf-8", "nested too deep"])
async def test_a_body_that_cannot_be_decoded_is_a_422_naming_the_body_in_chinese(
        offline_client: httpx.AsyncClient, body: bytes) -> None:
    response = await offline_client.post("/api/v1/auth/token", content=body, headers=JSON)
    field, message = _only_error(response)
    assert field == "body"
    assert _chinese(message)


async def test_a_broken_multipart_upload_names_the_body_in_chinese(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.post(
        "/api/v1/leads/imports", content=b"garbage",
        headers=_as("rep") | {"content-type": "multipart/form-data"})
    field, message = _only_error(response)
    assert field == "body"
    assert _chinese(message)


@pytest.mark.parametrize(("params", "field"), [
    ({"overdue": "maybe"}, "overdue"), ({"limit": "0"}, "limit"), ({"limit": "1000"}, "limit"),
    # Filters take the ids leads carry: a username or region code would match nothing.
    ({"owner": "rep01"}, "owner"), ({"region": "east"}, "region"),
])
async def test_a_bad_list_parameter_is_explained_in_chinese(
        offline_client: httpx.AsyncClient, params: dict[str, str], field: str) -> None:
    response = await offline_client.get("/api/v1/leads", params=params, headers=_as("director"))
    named, message = _only_error(response)
    assert named == field
    assert _chinese(message), message


@pytest.mark.parametrize("path", ["/api/v1/opportunities", "/api/v1/opportunities/export.xlsx"])
@pytest.mark.parametrize(("params", "field"), [
    ({"owner": "rep01"}, "owner"), ({"region": "east"}, "region"), ({"lead_id": "x"}, "lead_id"),
])
async def test_a_director_filtering_deals_by_login_name_is_told_not_shown_no_deals(
        offline_client: httpx.AsyncClient, path: str, params: dict[str, str],
        field: str) -> None:
    """`?owner=rep01` answered an empty list (and an empty export): the director read it as
    "rep01 has no deals". Deals carry ids, so a name is a 422 naming the parameter."""
    response = await offline_client.get(path, params=params, headers=_as("director"))
    named, message = _only_error(response)
    assert named == field
    assert _chinese(message), message


@pytest.mark.parametrize(("body", "field"), [
    ({"tags": "展会"}, "tags"), ({"tags": ["x"] * 21}, "tags"), ({"budget_fen": "100"},
                                                                 "budget_fen"),
    ({"budget_fen": 12.5}, "budget_fen"), ({"urgency": None, "bogus": 1}, "bogus"),
])
async def test_a_bad_qualified_field_is_explained_in_chinese(
        offline_client: httpx.AsyncClient, body: dict[str, object], field: str) -> None:
    response = await offline_client.patch(LEAD, json=body, headers=_as("rep"))
    named, message = _only_error(response)
    assert named == field
    assert _chinese(message), message


async def test_a_budget_beyond_what_can_be_stored_is_a_422_not_a_500(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.patch(LEAD, json={"budget_fen": 10**20}, headers=_as("rep"))
    field, message = _only_error(response)
    assert field == "budget_fen"
    assert _chinese(message), message


async def test_a_choice_outside_the_list_names_the_choices_in_chinese(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.post(f"{LEAD}/contacts", headers=_as("rep"),
                                         json={"channel": "fax", "outcome": "打过了"})
    field, message = _only_error(response)
    assert field == "channel"
    assert message == "应为以下之一：'call'、'visit'、'wechat'、'email'"


async def test_a_merge_with_a_malformed_lead_id_says_so_in_chinese(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.post(f"{LEAD}/merge", json={"other_lead_id": "x"},
                                         headers=_as("manager"))
    field, message = _only_error(response)
    assert (field, message) == ("other_lead_id", "必须是有效的 UUID")


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00"])
async def test_a_time_no_calendar_can_hold_is_a_422_not_a_500(
        offline_client: httpx.AsyncClient, moment: str) -> None:
    contact = await offline_client.post(f"{LEAD}/contacts", headers=_as("rep"), json={
        "channel": "call", "outcome": "打过了", "next_step_at": moment})
    away = await offline_client.put("/api/v1/reps/u1/availability", headers=_as("rep"),
                                    json={"away": True, "until": moment})
    listed = await offline_client.get("/api/v1/leads", headers=_as("director"),
                                      params={"created_from": moment})
    for response, field in ((contact, "next_step_at"), (away, "until"),
                            (listed, "created_from")):
        named, message = _only_error(response)
        assert (named, message) == (field, "时间超出范围（1900 年至 9999 年）")


async def test_the_last_day_a_list_can_end_on_is_a_422_not_a_500(
        offline_client: httpx.AsyncClient) -> None:
    response = await offline_client.get("/api/v1/leads", headers=_as("director"),
                                        params={"created_to": "9999-12-31"})
    assert _only_error(response)[0] == "created_to"


DEAL = "/api/v1/opportunities/01a21db8-7814-736a-98a9-fc50455f75a4"


@pytest.mark.parametrize(("path", "method", "body", "field"), [
    (DEAL, "PATCH", {"amount_fen": True}, "amount_fen"),
    (DEAL, "PATCH", {"amount_fen": "100"}, "amount_fen"),
    (DEAL, "PATCH", {"amount_fen": 1.0}, "amount_fen"),
    ("/api/v1/opportunities", "POST", {"account_name": "无锡重工", "title": "车床",
                                       "amount_fen": False}, "amount_fen"),
    (DEAL + "/quotes", "POST", {"lines": [{"product_code": "PAL-R200", "quantity": True}]},
     "lines.0.quantity"),
    (DEAL + "/quotes", "POST", {"lines": [{"product_code": "PAL-R200", "quantity": 1}],
                                "discount_bp": "500"}, "discount_bp"),
    (DEAL + "/contracts", "POST", {"quote_id": "q", "payment_terms": "预付 30%",
                                   "delivery_date": "2099-01-01", "warranty_months": 12,
                                   "penalties": "千分之一", "price_fen": True}, "price_fen"),
    ("/api/v1/products/PAL-R200", "PUT", {"name": "码垛机器人", "list_price_fen": "5600"},
     "list_price_fen"),
], ids=["amount true", "amount string", "amount 1.0", "new deal false", "quantity true",
        "discount string", "contract price true", "list price string"])
async def test_money_is_a_json_integer_of_fen_never_a_boolean_string_or_float(
        offline_client: httpx.AsyncClient, path: str, method: str, body: dict[str, object],
        field: str) -> None:
    # `true` used to be read as 1 fen, "100" and 1.0 as 100 and 1: a deal's amount
    # silently became a number nobody typed.
    response = await offline_client.request(method, path, json=body, headers=_as("rep"))
    assert _only_error(response) == (field, "必须是整数")
