"""Locust against a running stack: `make load` (headless; LOAD_PROFILE, LOAD_TIME, ...).

Profiles (`LOAD_PROFILE`):
- `peak` (default): the field's peak day — 200 new leads from web form, trade-show QR
  and ad platforms — compressed into `LOAD_TIME` (default 3 minutes), while reps work
  their inboxes;
- `stress`: the same mix at `LOAD_STRESS_FACTOR` (default 20) times that rate.

The peak day also has its 50 online contract signings (`loadtests/signing.py`, prepared
before the run, signed during it; `LOAD_SIGNINGS`), reported as `sign: document` and
`sign: submit`.

Besides the HTTP requests, Locust's table shows a pseudo-request `assignment`: the time
from a lead's 202 until `GET /api/v1/leads/{id}` says it is assigned (target: p99 < 5 s).
Keys come from the environment, as `make run` prints them: SALESOS_DEMO_INTAKE_KEY,
SALESOS_DEMO_QR_KEY, SALESOS_DEMO_ADS_SECRET.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import random
import time
import uuid

import gevent
from locust import HttpUser, LoadTestShape, between, constant_pacing, events, task

from loadtests.data import fake_web_form
from loadtests.signing import SIGNINGS, Signer

PROFILE = os.environ.get("LOAD_PROFILE", "peak")
SECONDS = float(os.environ.get("LOAD_TIME_SECONDS", "180"))
FACTOR = float(os.environ.get("LOAD_STRESS_FACTOR", "20")) if PROFILE == "stress" else 1.0
LEADS_PER_SECOND = 200 / SECONDS * FACTOR
ARRIVALS = max(1, round(LEADS_PER_SECOND * 2))  # each arrival user sends one lead every 2 s
KEYS = {"web": os.environ.get("SALESOS_DEMO_INTAKE_KEY", ""),
        "qr": os.environ.get("SALESOS_DEMO_QR_KEY", ""),
        "ads": os.environ.get("SALESOS_DEMO_ADS_SECRET", "")}


def _director_token(client) -> str:
    reply = client.post("/api/v1/auth/token", json={"username": "director", "password": "demo"},
                        name="login")
    return reply.json()["access_token"]


class Arrivals(HttpUser):
    """Leads arriving: 60 % web form, 25 % trade-show QR, 15 % ads (baidu, signed)."""

    wait_time = constant_pacing(2)

    def on_start(self) -> None:
        self.director = {"Authorization": f"Bearer {_director_token(self.client)}"}

    @task
    def arrive(self) -> None:
        seed = uuid.uuid4().hex
        channel = random.choices(["web", "qr", "ads"], weights=[60, 25, 15])[0]
        reply = getattr(self, f"_{channel}")(seed, fake_web_form(seed))
        if reply.status_code == 202:
            gevent.spawn(self._until_assigned, reply.json()["lead_id"], time.perf_counter())

    def _web(self, seed: str, form: dict[str, str]):
        return self.client.post("/api/v1/intake/web-form", json=form, name="intake web-form",
                                headers={"X-Api-Key": KEYS["web"], "Idempotency-Key": seed})

    def _qr(self, seed: str, form: dict[str, str]):
        scan = {"event": "2026 工博会", "booth": "5.1H-A08", "name": form["name"],
                "company": form["company"], "phone": form["phone"], "title": "采购经理",
                "wechat_id": f"wx_{seed[:10]}", "notes": form["message"]}
        return self.client.post("/api/v1/intake/qr-scan", json=scan, name="intake qr-scan",
                                headers={"X-Api-Key": KEYS["qr"], "Idempotency-Key": seed})

    def _ads(self, seed: str, form: dict[str, str]):
        body = json.dumps({"clue_id": seed, "commit_time": int(time.time()), "form_detail": [
            {"name": "姓名", "value": form["name"]}, {"name": "电话", "value": form["phone"]},
            {"name": "公司", "value": form["company"]}, {"name": "省份", "value": form["province"]},
        ]}, ensure_ascii=False).encode()
        stamp = str(int(time.time()))
        digest = hmac.new(KEYS["ads"].encode(), stamp.encode() + b"." + body, hashlib.sha256)
        return self.client.post("/api/v1/intake/ads/baidu", data=body, name="intake ads",
                                headers={"Content-Type": "application/json",
                                         "X-Timestamp": stamp,
                                         "X-Signature": f"sha256={digest.hexdigest()}"})

    def _until_assigned(self, lead_id: str, accepted: float) -> None:
        while time.perf_counter() - accepted < 30:
            reply = self.client.get(f"/api/v1/leads/{lead_id}", headers=self.director,
                                    name="poll lead")
            if reply.ok and reply.json().get("status") != "new":
                events.request.fire(request_type="PIPE", name="assignment",
                                    response_time=(time.perf_counter() - accepted) * 1000,
                                    response_length=0, exception=None, context={})
                return
            gevent.sleep(0.1)
        events.request.fire(request_type="PIPE", name="assignment", response_time=30_000,
                            response_length=0, exception=TimeoutError(lead_id), context={})


class Rep(HttpUser):
    """A rep between calls: the inbox, the newest lead, now and then the day's route and
    their own funnel."""

    wait_time = between(3, 8)

    def on_start(self) -> None:
        username = f"rep{random.randint(1, 20):02d}"
        reply = self.client.post("/api/v1/auth/token",
                                 json={"username": username, "password": "demo"}, name="login")
        self.client.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"

    @task(4)
    def inbox(self) -> None:
        reply = self.client.get("/api/v1/notifications", name="inbox")
        items = reply.json().get("items", []) if reply.ok else []
        if items:
            self.client.get(f"/api/v1/leads/{items[0]['link'].rsplit('/', 1)[-1]}",
                            name="lead")

    @task(1)
    def my_leads(self) -> None:
        self.client.get("/api/v1/me", name="me")

    @task(1)
    def my_day(self) -> None:
        """Field work: today's route, and how the rep's own funnel looks."""
        self.client.get("/api/v1/me/route", name="my route")
        self.client.get("/api/v1/analytics/funnel", name="analytics funnel")


# Signers spread the signings over the run: each signs one every LOAD_SIGN_PACING_SECONDS,
# enough of them to finish within 60 % of the run (the preparation eats into its clock).
SIGNERS = math.ceil(SIGNINGS * float(os.environ.get("LOAD_SIGN_PACING_SECONDS", "15"))
                    / (SECONDS * 0.6)) if SIGNINGS else 0
Signer.fixed_count = SIGNERS  # exactly this many, whatever the weights of the others


class Profile(LoadTestShape):
    """Arrival users sized to the profile's lead rate, 20 reps and the contract signers;
    stops after the run."""

    def tick(self) -> tuple[int, float, list[type[HttpUser]]] | None:
        if self.get_run_time() > SECONDS:
            return None
        return ARRIVALS + 20 + SIGNERS, 20.0, [Arrivals, Rep, Signer]
