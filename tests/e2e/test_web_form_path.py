"""A web-form lead is stored, assigned to a rep of its region, and its owner notified."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.e2e.helpers import assigned_lead, inbox_item_for, login, submit, web_form

pytestmark = pytest.mark.e2e

EAST = {f"rep{i:02d}" for i in range(1, 21)}


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as c:
        yield c


def test_web_form_lead_reaches_a_region_rep_and_their_inbox(stack, client) -> None:
    form = web_form(province="江苏省")
    accepted = submit(client, stack.intake_api_key, form)
    assert accepted.status_code == 202, accepted.text
    lead_id = accepted.json()["lead_id"]

    lead = assigned_lead(client, login(client, "director"), lead_id)
    assert lead["source"] == "web_form"
    assert lead["province"] == "江苏"
    assert lead["phone"].startswith("+86138")
    assert lead["owner_username"] in EAST and lead["assigned_at"]

    owner = login(client, lead["owner_username"])
    item = inbox_item_for(client, owner, lead_id)
    assert item["title"] == f"新线索已分配给您：{form['company']} {form['name']}"


def test_east_leads_go_round_robin_to_different_reps(stack, client) -> None:
    director = login(client, "director")
    ids = [submit(client, stack.intake_api_key, web_form(province="浙江")).json()["lead_id"]
           for _ in range(3)]
    owners = [assigned_lead(client, director, i)["owner_username"] for i in ids]
    assert len(set(owners)) == 3, owners


def test_same_idempotency_key_gives_the_same_lead_never_a_second(stack, client) -> None:
    form = web_form()
    first = submit(client, stack.intake_api_key, form, idempotency_key="e2e-same-key-1")
    again = submit(client, stack.intake_api_key, form, idempotency_key="e2e-same-key-1")
    assert first.status_code == again.status_code == 202
    assert first.json()["lead_id"] == again.json()["lead_id"]


def test_who_may_read_a_lead(stack, client) -> None:
    lead_id = submit(client, stack.intake_api_key, web_form(province="广东")).json()["lead_id"]
    lead = assigned_lead(client, login(client, "director"), lead_id)
    path = f"/api/v1/leads/{lead_id}"
    assert client.get(path, headers=login(client, lead["owner_username"])).status_code == 200
    assert client.get(path, headers=login(client, "mgr-south")).status_code == 200
    assert client.get(path, headers=login(client, "mgr-east")).status_code == 404
    other_rep = next(r for r in ("rep01", "rep02", "rep03", "rep04", "rep05", "rep06")
                     if r != lead["owner_username"])
    assert client.get(path, headers=login(client, other_rep)).status_code == 404
    assert client.get(path).status_code == 401


@pytest.mark.parametrize(("change", "field"), [
    ({"phone": "12345", "email": ""}, "phone"),
    ({"email": "not-an-email"}, "email"),
    ({"phone": "", "email": ""}, "phone"),
])
def test_bad_input_is_refused_naming_the_field(stack, client, change, field) -> None:
    """Only what leaves the lead without a way back to the customer, or a contact written
    wrong: an unreadable province or a second, unusable contact is kept (below)."""
    response = submit(client, stack.intake_api_key, web_form(**change))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == field


@pytest.mark.parametrize("province", ["火星", "香港"])
def test_a_customer_writing_a_province_we_do_not_serve_is_still_called_back(
        stack, client, province) -> None:
    """QA: 「火星」 (or 香港) on the web form was a 422 and the customer was lost. Now the
    lead is kept, placed by the mobile's registration (1381234: 江苏 连云港) as if no
    province had been given, reaches a 华东 rep, and the rep reads what the customer
    wrote in its history; a rep typing the same by hand is told to correct it."""
    form = web_form(province=province, phone=f"1381234{uuid.uuid4().int % 10**4:04d}")
    accepted = submit(client, stack.intake_api_key, form)
    assert accepted.status_code == 202, accepted.text
    lead = assigned_lead(client, login(client, "director"), accepted.json()["lead_id"])
    assert (lead["province"], lead["province_source"]) == ("江苏", "mobile")
    assert lead["owner_username"] in EAST
    assert lead["assignment_reason"].startswith("省份按手机号归属地推断；"), lead
    owner = login(client, lead["owner_username"])
    seen = client.get(f"/api/v1/leads/{lead['id']}", headers=owner).json()
    assert f"客户填写的省份「{province}」无法识别" in seen["touches"][0]["summary"]

    typed = client.post("/api/v1/leads", headers=login(client, "rep03"),
                        json=web_form(province=province))
    assert (typed.status_code, typed.json()["field"]) == (422, "province")


def test_a_short_landline_with_an_email_keeps_the_lead_and_the_rep_is_told(
        stack, client) -> None:
    form = web_form(phone="010-12345", province="江苏")
    accepted = submit(client, stack.intake_api_key, form)
    assert accepted.status_code == 202, accepted.text
    lead = assigned_lead(client, login(client, "director"), accepted.json()["lead_id"])
    assert (lead["phone"], lead["email"]) == ("", form["email"])
    assert "客户填写的电话「010-12345」无法使用" in lead["touches"][0]["summary"]


def test_wrong_or_missing_api_key_is_401(stack, client) -> None:
    assert submit(client, "wrong-key", web_form()).status_code == 401
    response = client.post("/api/v1/intake/web-form", json=web_form())
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_body_over_64_kib_is_413(stack, client) -> None:
    response = submit(client, stack.intake_api_key, web_form(message="长" * 30_000))
    assert response.status_code == 413


def test_a_lead_no_rep_can_take_is_put_before_the_directors(stack, client) -> None:
    """No province, none to infer (an e-mail only, a company without a province in its
    name): the default region, where the demo company has neither reps nor a manager,
    so the directors are asked to place the lead by hand."""
    form = web_form(province="", phone="")
    lead_id = submit(client, stack.intake_api_key, form).json()["lead_id"]
    item = inbox_item_for(client, login(client, "director"), lead_id)
    assert item["kind"] == "lead_unassignable"
    assert item["title"] == f"线索无人可分配：{form['company']} {form['name']}（来源：官网表单）"
