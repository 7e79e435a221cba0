"""A service process dies (SIGKILL) or stalls: the gateway says so at once, keeps serving
what does not need it, and answers again as soon as it is back; nothing accepted
meanwhile is lost."""

from __future__ import annotations

import signal
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.e2e.helpers import assigned_lead, eventually, login, submit, web_form
from tests.e2e.test_faults import leads_with_phone

pytestmark = pytest.mark.e2e
PROBLEM = "application/problem+json"


@pytest.fixture
def client(stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def timed(call: Any) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def assert_unavailable_at_once(response: httpx.Response, seconds: float) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["code"] == "service_unavailable"
    assert int(response.headers["Retry-After"]) > 0
    assert seconds < 1.0, f"answered after {seconds:.1f}s"


def qualified_lead(stack: Any, client: httpx.Client) -> tuple[str, dict[str, str]]:
    lead_id = submit(client, stack.intake_api_key, web_form(province="江苏")).json()["lead_id"]
    owner = login(client, assigned_lead(client, login(client, "director"), lead_id)
                  ["owner_username"])
    path = f"/api/v1/leads/{lead_id}"
    client.post(f"{path}/contacts", json={"channel": "visit", "outcome": "现场拜访，有采购意向"},
                headers=owner)
    assert client.post(f"{path}/qualify", headers=owner).status_code == 200
    return lead_id, owner


def test_a_killed_service_takes_only_its_own_routes_down_and_readyz_names_it(
        stack, client, outage) -> None:
    director = login(client, "director")
    outage("workorders")
    assert_unavailable_at_once(*timed(lambda: client.get("/api/v1/workorders",
                                                         headers=director)))
    for path in ("/api/v1/leads", "/api/v1/opportunities", "/api/v1/notifications",
                 "/api/v1/kpis"):
        assert client.get(path, headers=director).status_code == 200, path
    assert submit(client, stack.intake_api_key, web_form()).status_code == 202
    ready = eventually(lambda: (body := client.get("/readyz").json())["missing"] and body,
                       timeout=3)
    assert ready["status"] == "degraded" and ready["missing"] == ["workorders"]
    stack.restart("workorders")
    eventually(lambda: client.get("/readyz").json()["status"] == "ready", timeout=3)
    # The route's own channel reconnects within its 1 s backoff, not necessarily first.
    eventually(lambda: client.get("/api/v1/workorders", headers=director).status_code == 200,
               timeout=3)


def test_a_killed_pipeline_is_503_at_once_and_answers_again_as_soon_as_it_is_back(
        stack, client, outage) -> None:
    rep = login(client, "rep01")
    outage("pipeline")
    lead_id, owner = qualified_lead(stack, client)  # leads works on without the pipeline
    # Reps keep trying their deal list for a while, as they would during a real outage.
    until = time.monotonic() + 20
    while time.monotonic() < until:
        assert_unavailable_at_once(*timed(lambda: client.get("/api/v1/opportunities",
                                                             headers=rep)))
        time.sleep(0.5)
    stack.restart("pipeline")
    back = time.monotonic()
    eventually(lambda: client.get("/api/v1/opportunities", headers=rep).status_code == 200,
               timeout=3, every=0.1)
    assert time.monotonic() - back < 2.5
    # The lead qualified while the pipeline was down has its deal now.
    deals = eventually(lambda: client.get("/api/v1/opportunities", params={"lead_id": lead_id},
                                          headers=owner).json()["items"], timeout=20)
    assert len(deals) == 1


def test_a_reconnecting_stream_while_notifications_is_down_is_503_not_a_stream_that_ends(
        stack, client, outage) -> None:
    """The browser's EventSource reconnects with Last-Event-ID; what it missed cannot be
    read while the notifications service is down. It must hear 503 with Retry-After (and
    try again), not 200 followed by a stream that breaks off."""
    rep = login(client, "rep02")
    outage("notifications")
    headers = rep | {"Last-Event-ID": "0196a000-0000-7000-8000-000000000000"}
    started = time.monotonic()
    with client.stream("GET", "/api/v1/notifications/stream", headers=headers) as response:
        response.read()
    assert_unavailable_at_once(response, time.monotonic() - started)
    stack.restart("notifications")

    def stream_opens() -> bool:
        with client.stream("GET", "/api/v1/notifications/stream", headers=headers) as again:
            return again.status_code == 200  # left without reading: the stream never ends

    eventually(stream_opens, timeout=5)


def test_a_stalled_leads_service_is_503_within_the_deadline_and_a_retry_makes_one_lead(
        stack, client) -> None:
    forms = [(web_form(), uuid.uuid4().hex) for _ in range(5)]

    def post_later(n: int) -> tuple[httpx.Response, float]:
        time.sleep(0.6 * n)  # visitors keep arriving while the first form's call hangs
        with httpx.Client(base_url=stack.gateway_url, timeout=30) as own:
            form, key = forms[n]
            return timed(lambda: submit(own, stack.intake_api_key, form, idempotency_key=key))

    stack.kill("leads", signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(len(forms)) as pool:
            answers = list(pool.map(post_later, range(len(forms))))
    finally:
        stack.kill("leads", signal.SIGCONT)
    for response, seconds in answers:
        assert response.status_code == 503, response.text
        assert int(response.headers["Retry-After"]) > 0
        assert seconds < 5.5, f"503 after {seconds:.1f}s; the gateway's deadline is 5 s"
    # The visitor's page retries with the same Idempotency-Key: one lead each, however often.
    first = [submit(client, stack.intake_api_key, f, idempotency_key=k) for f, k in forms]
    again = [submit(client, stack.intake_api_key, f, idempotency_key=k) for f, k in forms]
    assert [r.status_code for r in first] == [202] * len(forms)
    assert [r.json() for r in again] == [r.json() for r in first]
    for form, _ in forms:
        assert leads_with_phone(stack.database_url, form["phone"]) == 1


def test_a_gateway_stopped_with_open_live_streams_ends_them_and_exits_promptly(
        stack, client) -> None:
    """A rolling update SIGTERMs a gateway replica while reps have their notification
    streams open. The streams must end cleanly (the browser reconnects to another replica
    with Last-Event-ID) and the replica exit in seconds: it used to wait for the streams,
    which never end, until the SIGKILL 30 s later, cutting every request still in flight."""
    rep = login(client, "rep03")
    ended = threading.Event()

    def watch() -> None:
        with httpx.Client(base_url=stack.gateway_url, timeout=60) as own, \
                own.stream("GET", "/api/v1/notifications/stream", headers=rep) as response:
            assert response.status_code == 200
            for _ in response.iter_lines():
                pass
        ended.set()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    time.sleep(1.0)  # the stream is open
    try:
        started = time.monotonic()
        stack.children["gateway"].send_signal(signal.SIGTERM)
        assert ended.wait(5), "the live stream was left open"
        stack.children["gateway"].wait(10)
        assert time.monotonic() - started < 8
        assert stack.children["gateway"].returncode == 0
    finally:
        stack.restart("gateway")
    assert client.get("/readyz").status_code == 200
