"""One trace follows a web-form lead from the gateway to the owner's inbox."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.e2e.helpers import assigned_lead, eventually, inbox_item_for, login, submit, web_form

pytestmark = pytest.mark.e2e


def _spans(trace_file: Path) -> list[dict]:
    return [json.loads(line) for line in trace_file.read_text().splitlines() if line.strip()]


def test_one_trace_covers_gateway_grpc_nats_and_both_consumers(stack) -> None:
    with httpx.Client(base_url=stack.gateway_url, timeout=15) as client:
        accepted = submit(client, stack.intake_api_key, web_form(province="北京"))
        lead_id = accepted.json()["lead_id"]
        lead = assigned_lead(client, login(client, "director"), lead_id)
        inbox_item_for(client, login(client, lead["owner_username"]), lead_id)
    trace_id = accepted.headers["x-trace-id"]

    def services_in_trace() -> set[str] | None:
        spans = [s for s in _spans(stack.trace_file)
                 if s["context"]["trace_id"] == f"0x{trace_id}"]
        names = {(s["resource"]["attributes"]["service.name"], s["name"]) for s in spans}
        wanted = {("leads", "consume leads.created"),
                  ("notifications", "consume leads.assigned")}
        services = {service for service, _ in names}
        return services if wanted <= names and {"gateway", "leads"} <= services else None

    assert eventually(services_in_trace, timeout=10) >= {"gateway", "leads", "notifications"}
