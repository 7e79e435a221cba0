"""The demo company's past agrees across services: a director who opens a rep's scorecard
for a past week finds there the wins, first-visit reports and moves to 方案设计 that the
pipeline lists for that rep and week — one history, told by the pipeline's demo seed."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.e2e.helpers import eventually, login

pytestmark = pytest.mark.e2e
SHANGHAI = ZoneInfo("Asia/Shanghai")
REP = "rep07"  # a demo rep no other story records events for


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def week_of(moment: str | None) -> str:
    if not moment:
        return ""
    year, week, _ = datetime.fromisoformat(moment).astimezone(SHANGHAI).isocalendar()
    return f"{year}-W{week:02d}"


def every(client: httpx.Client, path: str, headers: dict[str, str],
          **params: Any) -> list[dict[str, Any]]:
    items, cursor = [], ""
    while True:
        page = client.get(path, params=params | {"limit": 100, "cursor": cursor},
                          headers=headers)
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        if not (cursor := page.json()["next_cursor"]):
            return items


def test_a_past_weeks_scorecard_counts_the_deals_and_visits_the_pipeline_lists(
        client: httpx.Client) -> None:
    director = login(client, "director")
    [me] = client.get("/api/v1/kpi/scores", headers=login(client, REP)).json()["items"]
    rep_id = me["unit_id"]
    deals = every(client, "/api/v1/opportunities", director, owner=rep_id)
    this_week = week_of(datetime.now(SHANGHAI).isoformat())
    won = [d for d in deals if d["status"] == "won" and week_of(d["stage_entered_at"]) < this_week]
    assert won, "the demo year gives every rep wins"
    # The past week the rep won most in: the director's question is "why this score?"
    week = max(sorted({week_of(d["stage_entered_at"]) for d in won}),
               key=lambda w: sum(week_of(d["stage_entered_at"]) == w for d in won))
    wins = {d["id"]: d["amount_fen"] for d in won if week_of(d["stage_entered_at"]) == week}
    designs = {d["id"] for d in deals for c in d["stage_history"]
               if c["to_stage"] == "solution_design" and week_of(c["at"]) == week}
    first_reports = set()
    entered_first_visit = {d["id"] for d in deals for c in d["stage_history"]
                           if c["to_stage"] == "first_visit"}
    for deal in deals:
        for v in every(client, f"/api/v1/opportunities/{deal['id']}/visits", director):
            if v["first"] and week_of(v["reported_at"]) == week:
                first_reports.add(deal["id"])

    def scorecard() -> dict[str, Any] | None:
        answer = client.get(f"/api/v1/kpi/scores/{rep_id}/breakdown",
                            params={"period": week}, headers=director)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        counted = {c["subject_id"] for c in body["contributions"]
                   if c["kpi_id"] == "signed_amount_vs_target"}
        return body if counted == set(wins) else None  # the told history has arrived

    body = eventually(scorecard, timeout=60, every=1)
    kpis = {k["kpi_id"]: k for k in body["score"]["kpis"]}
    assert kpis["signed_amount_vs_target"]["count"] == len(wins)
    assert kpis["signed_amount_vs_target"]["value"] == sum(wins.values())

    def subjects(kpi: str, event_type: str | None = None) -> set[str]:
        return {c["subject_id"] for c in body["contributions"] if c["kpi_id"] == kpi
                and (event_type is None or c["event_type"] == event_type)}

    assert subjects("first_visit_report_48h", "pipeline.visit_reported") == first_reports
    # A deal judged without a report entered 初访 in the pipeline and has no first visit.
    unreported = subjects("first_visit_report_48h", "pipeline.stage_changed")
    assert unreported <= entered_first_visit and not unreported & first_reports
    assert kpis["first_visit_report_48h"]["count"] == len(first_reports | unreported)
    assert subjects("needs_complete_before_design") == designs
    assert kpis["needs_complete_before_design"]["count"] == len(designs)
