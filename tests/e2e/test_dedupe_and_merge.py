"""One customer, one lead, through the gateway: a known customer's arrival is a touch on
their lead (its owner is told), simultaneous arrivals make one lead, and managers can
merge two leads by hand and undo it."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.e2e.channels import ads_secret, post_ad, qr_key, qr_scan
from tests.e2e.helpers import assigned_lead, eventually, login, submit, web_form

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as c:
        yield c


def _lead(client: httpx.Client, lead_id: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/leads/{lead_id}", headers=login(client, "director"))
    assert response.status_code == 200, response.text
    return response.json()


def _scan(stack, client: httpx.Client, **fields: Any) -> httpx.Response:
    return client.post("/api/v1/intake/qr-scan", json=qr_scan(**fields),
                       headers={"X-Api-Key": qr_key(stack)})


def test_a_known_phone_is_a_touch_on_the_lead_and_its_owner_hears_the_customer_came_back(
    stack, client,
) -> None:
    form = web_form(province="江苏")
    first = submit(client, stack.intake_api_key, form).json()["lead_id"]
    lead = assigned_lead(client, login(client, "director"), first)
    again = _scan(stack, client, phone=form["phone"])
    assert (again.status_code, again.json()["lead_id"]) == (202, first)
    touches = _lead(client, first)["touches"]
    assert [(t["channel"], bool(t["match_reason"])) for t in touches] == [
        ("web_form", False), ("qr_scan", True)]

    owner = login(client, lead["owner_username"])

    def came_back() -> dict[str, Any] | None:
        items = client.get("/api/v1/notifications", headers=owner).json()["items"]
        return next((i for i in items if i["kind"] == "lead_touched"
                     and i["link"].endswith(first)), None)

    item = eventually(came_back)
    assert item["title"] == f"老客户再次咨询：{form['company']} {form['name']}（来源：展会扫码）"


def test_a_known_email_is_the_same_customer(stack, client) -> None:
    form = web_form()
    first = submit(client, stack.intake_api_key, form).json()["lead_id"]
    other = web_form(email=form["email"].upper())
    assert submit(client, stack.intake_api_key, other).json()["lead_id"] == first


def test_a_known_wechat_id_from_an_ad_is_the_same_customer(stack, client) -> None:
    scan = qr_scan()
    first = _scan(stack, client, **scan).json()["lead_id"]
    body = {"external_id": uuid.uuid4().hex, "name": "另一个名字", "wechat_id": scan["wechat_id"]}
    again = post_ad(client, ads_secret(stack), "generic", body)
    assert (again.status_code, again.json()["lead_id"]) == (202, first)


def test_a_close_company_with_the_same_contact_is_the_same_customer(stack, client) -> None:
    number = uuid.uuid4().int % 10**8
    first = submit(client, stack.intake_api_key, web_form(
        name="钱进", company=f"江苏省苏州宏达精密铸造{number}有限公司")).json()["lead_id"]
    again = submit(client, stack.intake_api_key, web_form(
        name="钱进", company=f"宏达精密铸造{number}股份有限公司"))
    assert again.json()["lead_id"] == first
    assert "公司名称相近" in _lead(client, first)["touches"][1]["match_reason"]
    another_contact = submit(client, stack.intake_api_key, web_form(
        name="孙博", company=f"宏达精密铸造{number}有限公司"))
    assert another_contact.json()["lead_id"] != first


def test_simultaneous_arrivals_of_one_new_customer_make_one_lead(stack, client) -> None:
    form = web_form()

    def post(_: int) -> str:
        with httpx.Client(base_url=stack.gateway_url, timeout=15) as own:
            response = submit(own, stack.intake_api_key, form)
            assert response.status_code == 202, response.text
            return response.json()["lead_id"]

    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(post, range(8)))
    assert len(ids) == 1
    assert len(_lead(client, ids.pop())["touches"]) == 8


def test_a_manager_merges_two_leads_keeping_both_histories_and_can_undo_it(
    stack, client,
) -> None:
    director = login(client, "director")
    a = submit(client, stack.intake_api_key, web_form(province="江苏")).json()["lead_id"]
    b = submit(client, stack.intake_api_key, web_form(province="浙江")).json()["lead_id"]
    for lead_id in (a, b):
        assigned_lead(client, director, lead_id)
    manager = login(client, "mgr-east")
    merged = client.post(f"/api/v1/leads/{a}/merge", json={"other_lead_id": b},
                         headers=manager | {"Idempotency-Key": uuid.uuid4().hex})
    assert merged.status_code == 200, merged.text
    merge_id = merged.json()["id"]
    survivor = _lead(client, a)
    assert {t["lead_id"] for t in survivor["touches"]} == {a, b}
    assert [m["id"] for m in survivor["merges"]] == [merge_id]
    assert _lead(client, b)["merged_into"] == a

    undone = client.delete(f"/api/v1/leads/{a}/merges/{merge_id}", headers=manager)
    assert undone.status_code == 200 and undone.json()["undone_at"]
    assert {t["lead_id"] for t in _lead(client, a)["touches"]} == {a}
    assert _lead(client, b)["merged_into"] is None


def test_merge_rules_through_the_gateway(stack, client) -> None:
    director = login(client, "director")
    east = submit(client, stack.intake_api_key, web_form(province="江苏")).json()["lead_id"]
    south = submit(client, stack.intake_api_key, web_form(province="广东")).json()["lead_id"]
    lead = assigned_lead(client, director, east)
    assigned_lead(client, director, south)

    def merge(headers: dict[str, str], other: str) -> httpx.Response:
        return client.post(f"/api/v1/leads/{east}/merge", json={"other_lead_id": other},
                           headers=headers)

    assert merge(login(client, lead["owner_username"]), south).status_code == 403
    assert merge(login(client, "mgr-east"), south).status_code == 404  # not their region
    bad = merge(director, "not-a-uuid")
    assert (bad.status_code, bad.json()["field"]) == (422, "other_lead_id")
    itself = merge(director, east)
    assert (itself.status_code, itself.json()["field"]) == (422, "other_lead_id")
    assert merge(director, south).status_code == 200
    unknown = client.delete(f"/api/v1/leads/{east}/merges/{uuid.uuid4()}", headers=director)
    assert unknown.status_code == 404
