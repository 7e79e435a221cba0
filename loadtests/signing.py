"""The peak day's 50 online contract signings (issue 4).

Before the run (`test_start`), a rep of 华东 drafts 50 contracts from accepted quotes, the
region's manager approves them (175,000 CNY each from a 180,000 CNY quote: 2.78 % off,
within a rep's 5 %, so one approval step), and each gets a signature request — outside
Locust's statistics. During the run `Signer` users play the customers: open the one-time
link (`sign: document`), then sign with the code (`sign: submit`); Locust's table reports
both latencies.

Needs a demo stack (`make run`): the signing code is returned in the API answer only in
demo mode (otherwise it goes to the signer's phone by SMS).
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import gevent.queue
import requests
from locust import HttpUser, constant_pacing, events, task

SIGNINGS = int(os.environ.get("LOAD_SIGNINGS", "50"))
INVITES: gevent.queue.Queue[dict[str, str]] = gevent.queue.Queue()
TERMS = {"payment_terms": "预付 30%，发货前付清", "delivery_date": "2030-06-30",
         "warranty_months": 12, "penalties": "逾期交货每日 0.05%", "price_fen": 17_500_000}


def _login(http: requests.Session, host: str, username: str) -> dict[str, str]:
    reply = http.post(f"{host}/api/v1/auth/token",
                      json={"username": username, "password": "demo"}, timeout=30)
    reply.raise_for_status()
    return {"Authorization": f"Bearer {reply.json()['access_token']}"}


def _ok(reply: requests.Response) -> Any:
    if not reply.ok:
        raise RuntimeError(f"{reply.request.method} {reply.url}: {reply.status_code} {reply.text}")
    return reply.json()


NEEDS = {"equipment_type": "机器人码垛工作站", "capacity": "每小时 1,200 箱",
         "site_constraints": "层高 6 米", "budget_min_fen": 8_000_000,
         "budget_max_fen": 20_000_000, "decision_makers": [{"name": "王总", "title": "总经理"}],
         "must_have_parameters": [{"name": "负载", "value": "200 kg"}]}


def _walk(http: requests.Session, api: str, rep: dict[str, str], deal_id: str,
          stages: tuple[str, ...]) -> None:
    """The rep ticks each stage's own steps (not the system's) and moves the deal on."""
    path = f"{api}/opportunities/{deal_id}"
    for to in stages:
        if to == "solution_design":
            _ok(http.put(f"{path}/needs", headers=rep, json=NEEDS))
        deal = _ok(http.get(path, headers=rep))
        for step in deal["steps"]:
            if step["stage"] == deal["stage"] and not step["done"] and not step["by_system"]:
                _ok(http.post(f"{path}/steps/{step['id']}", headers=rep))
        _ok(http.post(f"{path}/stage", headers=rep, json={"to": to}))


def prepare_invite(http: requests.Session, host: str, rep: dict[str, str],
                   manager: dict[str, str]) -> dict[str, str]:
    api = f"{host}/api/v1"
    deal = _ok(http.post(f"{api}/opportunities", headers=rep, json={
        "account_name": f"压测客户{uuid.uuid4().hex[:8]}有限公司", "title": "码垛线 1 条",
        "amount_fen": 18_000_000}))
    # Quotes made and sent from 方案设计, accepted and contracted from 报价, signing in 签约
    # (pipeline stage_rules).
    _walk(http, api, rep, deal["id"], ("first_visit", "needs_confirmed", "solution_design"))
    quote = _ok(http.post(f"{api}/opportunities/{deal['id']}/quotes", headers=rep,
                          json={"lines": [{"product_code": "AGV-500", "quantity": 1}]}))
    _ok(http.post(f"{api}/quotes/{quote['id']}/issue", headers=rep))
    _walk(http, api, rep, deal["id"], ("quote",))
    _ok(http.post(f"{api}/quotes/{quote['id']}/accept", headers=rep))
    contract = _ok(http.post(f"{api}/opportunities/{deal['id']}/contracts", headers=rep,
                             json={"quote_id": quote["id"], **TERMS}))
    _ok(http.post(f"{api}/contracts/{contract['id']}/submit", headers=rep))
    _ok(http.post(f"{api}/contracts/{contract['id']}/decisions", headers=manager,
                  json={"decision": "approve", "comment": "压测"}))
    _walk(http, api, rep, deal["id"], ("contract",))
    invite = _ok(http.post(f"{api}/contracts/{contract['id']}/signature-requests", headers=rep,
                           json={"signer_name": "王总", "signer_phone": "13812345678"}))
    if not invite.get("demo_code"):
        raise RuntimeError("the stack is not in demo mode: signing codes go by SMS only")
    return {"token": invite["token"], "code": invite["demo_code"]}


@events.test_start.add_listener
def _prepare(environment: Any, **_: Any) -> None:
    if not SIGNINGS or environment.host is None:
        return
    with requests.Session() as http:
        rep = _login(http, environment.host, "rep03")
        manager = _login(http, environment.host, "mgr-east")
        for _ in range(SIGNINGS):
            INVITES.put(prepare_invite(http, environment.host, rep, manager))


class Signer(HttpUser):
    """A customer's signer: reads the contract behind the link, then signs with the code."""

    wait_time = constant_pacing(float(os.environ.get("LOAD_SIGN_PACING_SECONDS", "15")))

    @task
    def sign(self) -> None:
        try:
            invite = INVITES.get_nowait()
        except gevent.queue.Empty:
            return
        path = f"/api/v1/sign/{invite['token']}"
        self.client.get(path, name="sign: document")
        self.client.post(path, json={"code": invite["code"], "signer_name": "王总"},
                         name="sign: submit")
