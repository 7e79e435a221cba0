"""A sales team's day against a running stack: `make load` (headless, users from env).

Web forms arrive all day; reps check their inbox and open their new leads; the director
glances at leads too. Weights follow that rhythm.
"""

from __future__ import annotations

import os
import random
import uuid

from locust import HttpUser, between, task

from loadtests.data import fake_web_form

INTAKE_KEY = os.environ.get("SALESOS_DEMO_INTAKE_KEY", "")


class WebFormVisitor(HttpUser):
    weight = 3
    wait_time = between(0.5, 2)

    @task
    def submit_form(self) -> None:
        key = uuid.uuid4().hex
        self.client.post("/api/v1/intake/web-form", json=fake_web_form(key), name="intake",
                         headers={"X-Api-Key": INTAKE_KEY, "Idempotency-Key": key})


class Rep(HttpUser):
    weight = 2
    wait_time = between(2, 6)

    def on_start(self) -> None:
        username = f"rep{random.randint(1, 20):02d}"
        response = self.client.post("/api/v1/auth/token",
                                    json={"username": username, "password": "demo"})
        self.client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"

    @task(3)
    def check_inbox(self) -> None:
        response = self.client.get("/api/v1/notifications", name="inbox")
        items = response.json().get("items", []) if response.ok else []
        if items:
            lead_id = items[0]["link"].rsplit("/", 1)[-1]
            self.client.get(f"/api/v1/leads/{lead_id}", name="lead")

    @task(1)
    def who_am_i(self) -> None:
        self.client.get("/api/v1/me", name="me")
