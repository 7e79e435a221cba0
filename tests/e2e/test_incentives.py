"""KPIs, scores, habits, payouts, experiments and surveys through the gateway, every
process running, on the demo company's seeded year of history."""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import nats
import pytest
import sqlalchemy as sa
from google.protobuf.timestamp_pb2 import Timestamp
from openpyxl import load_workbook
from salesos.events.v1 import incentives_pb2 as inc_events
from salesos.events.v1 import pipeline_pb2 as pipe_events
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.db import create_engine
from servicekit.envelope import new_envelope

from tests.e2e.helpers import eventually, login

pytestmark = pytest.mark.e2e
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def last_month() -> str:
    first = date.today().replace(day=1) - timedelta(days=1)
    return f"{first.year}-{first.month:02d}"


def next_month_first() -> date:
    today = date.today()
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


def incentives_sql(stack: Any, statement: str, **params: Any) -> list[Any]:
    async def run() -> list[Any]:
        engine = create_engine(stack.database_url, "incentives", pool_size=1)
        try:
            async with engine.begin() as connection:
                return list((await connection.execute(sa.text(statement), params)).all())
        finally:
            await engine.dispose()

    return asyncio.run(run())


def publish(stack: Any, envelope: Envelope) -> None:
    async def run() -> None:
        nc = await nats.connect(stack.nats_url)
        try:
            await nc.jetstream().publish(envelope.type, envelope.SerializeToString(),
                                         headers={"Nats-Msg-Id": envelope.id})
        finally:
            await nc.close()

    asyncio.run(run())


def my_id(client: httpx.Client, headers: dict[str, str]) -> str:
    [me] = client.get("/api/v1/kpi/scores", params={"period": last_month()},
                      headers=headers).json()["items"]
    return me["unit_id"]


def test_kpi_weights_are_edited_by_admins_from_next_month_and_must_sum_to_100(client) -> None:
    rep, admin = login(client, "rep01"), login(client, "admin")
    kpis = client.get("/api/v1/kpis", headers=rep).json()
    weights = {k["id"]: k["weight_pct"] for k in kpis["kpis"]}
    assert sum(weights.values()) == 100 and weights["first_visit_report_48h"] == 30
    path = "/api/v1/kpis/first_visit_report_48h"
    assert client.put(path, json={"weight_pct": 40}, headers=rep).status_code == 403
    refused = client.put(path, json={"weight_pct": 40}, headers=admin)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith(PROBLEM)
    assert refused.json()["errors"][0]["field"] == "weight_pct"
    assert client.get("/api/v1/kpis", headers=admin).json()["pending_version"] == 0
    changed = client.put(path, json={"weight_pct": 40,
                                     "other_weights": {"signed_amount_vs_target": 10}},
                         headers=admin | {"Idempotency-Key": "kpi-1"})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["pending_effective_from"] == next_month_first().isoformat()
    in_force = {k["id"]: k["weight_pct"] for k in body["kpis"]}
    assert in_force["first_visit_report_48h"] == 30  # this month keeps its version
    later = client.get("/api/v1/kpis", params={"on": next_month_first().isoformat()},
                       headers=rep).json()
    assert {k["id"]: k["weight_pct"] for k in later["kpis"]}["first_visit_report_48h"] == 40


def test_scores_of_the_demo_year_are_scoped_and_explained_event_by_event(client) -> None:
    rep, manager, director = (login(client, u) for u in ("rep01", "mgr-east", "director"))
    period = last_month()
    mine = client.get("/api/v1/kpi/scores", params={"period": period}, headers=rep).json()
    assert len(mine["items"]) == 1 and mine["items"][0]["score"] > 0
    me = mine["items"][0]["unit_id"]
    east = client.get("/api/v1/kpi/scores", params={"period": period},
                      headers=manager).json()["items"]
    assert len(east) == 5 and len({s["region_id"] for s in east}) == 1
    everyone = client.get("/api/v1/kpi/scores", params={"period": period, "limit": 10},
                          headers=director).json()
    assert len(everyone["items"]) == 10 and everyone["next_cursor"]
    regions = client.get("/api/v1/kpi/scores", params={"period": period, "level": "region"},
                         headers=director).json()["items"]
    assert len(regions) == 4 and all(r["members"] == 5 for r in regions)
    weekly = client.get("/api/v1/kpi/scores", params={"period": "2026-W40", "level": "team"},
                        headers=director)
    assert weekly.status_code == 200 and len(weekly.json()["items"]) == 4
    explained = client.get(f"/api/v1/kpi/scores/{me}/breakdown", params={"period": period},
                           headers=rep).json()
    assert explained["score"]["score"] == mine["items"][0]["score"]
    assert explained["contributions"] and all(c["event_id"] for c in explained["contributions"])
    other = next(s["unit_id"] for s in east if s["unit_id"] != me)
    hidden = client.get(f"/api/v1/kpi/scores/{other}/breakdown", headers=rep)
    assert hidden.status_code == 404
    sheet = client.get("/api/v1/kpi/scores/export.xlsx",
                       params={"period": period, "level": "region"}, headers=director)
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert len(rows) == 5 and rows[0][:5] == ("名称", "ID", "区域", "期间", "得分")
    bad = client.get("/api/v1/kpi/scores", params={"period": "soon"}, headers=rep)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period"


def test_a_visit_report_event_issues_a_one_time_survey_that_feeds_satisfaction(
    stack, client,
) -> None:
    director = login(client, "director")
    rep_id = my_id(client, login(client, "rep02"))
    visit_id = f"visit-{uuid.uuid4()}"
    now = Timestamp()
    now.FromDatetime(datetime.now(UTC))
    event = pipe_events.VisitReported(visit_id=visit_id, opportunity_id=str(uuid.uuid4()),
                                      rep_id=rep_id, owner_id=rep_id, first=False,
                                      account_name="苏州精工机械有限公司", reported_at=now,
                                      contact_phone="+8613812345678")
    publish(stack, new_envelope(event, type="pipeline.visit_reported", source="pipeline",
                                aggregate_id=event.opportunity_id))

    def issued_link() -> str | None:
        for (raw,) in incentives_sql(stack, "SELECT payload FROM outbox WHERE type = "
                                     "'incentives.survey_issued' ORDER BY created_at DESC"):
            issued = inc_events.SurveyIssued()
            Envelope.FromString(raw).payload.Unpack(issued)
            if issued.subject_id == visit_id:
                return issued.link
        return None

    token = eventually(issued_link, timeout=60).rsplit("/", 1)[1]
    path = f"/api/v1/surveys/{token}"
    page = client.get(f"/survey/{token}")  # what the customer's link opens
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert path in page.text and "服务满意度评价" in page.text
    opened = client.get(path)  # no login
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    out_of_range = client.post(path, json={"score": 6, "comment": ""})
    assert out_of_range.status_code == 422
    assert out_of_range.json()["errors"][0]["field"] == "score"
    assert client.get(path).json()["status"] == "open"  # nothing changed
    moved = "UPDATE surveys SET expires_at = expires_at + make_interval(days => :by) " \
            "WHERE subject_id = :id RETURNING id"
    incentives_sql(stack, moved, by=-30, id=visit_id)
    gone = client.post(path, json={"score": 5, "comment": ""})
    assert gone.status_code == 410 and gone.headers["content-type"].startswith(PROBLEM)
    incentives_sql(stack, moved, by=30, id=visit_id)
    answered = client.post(path, json={"score": 5, "comment": "工程师很专业"},
                           headers={"Idempotency-Key": "survey-1"})
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    again = client.post(path, json={"score": 1, "comment": "再来一次"})
    assert again.status_code == 409 and again.headers["content-type"].startswith(PROBLEM)
    assert client.get("/api/v1/surveys/not-a-real-token-at-all").status_code == 404
    year, week, _ = date.today().isocalendar()
    explained = client.get(f"/api/v1/kpi/scores/{rep_id}/breakdown",
                           params={"period": f"{year}-W{week:02d}"}, headers=director).json()
    assert any(c["kpi_id"] == "satisfaction_avg" and c["value"] == 5
               for c in explained["contributions"])


def test_the_daily_log_counts_toward_a_streak_and_rewards_are_listed(client) -> None:
    rep = login(client, "rep03")
    logged = client.post("/api/v1/me/daily-log", json={"text": "拜访了两家客户，发出一份报价"},
                         headers=rep | {"Idempotency-Key": "log-1"})
    assert logged.status_code == 201, logged.text
    body = logged.json()
    assert body["cutoff"] == "21:00"
    if body["on_time"]:
        assert body["streak"] >= 1  # the demo's logs before
    elif body["workday"]:
        assert body["streak"] == 0  # late on a working day: the run is broken
    # on a day off (weekend, holiday) the run neither breaks nor grows: any length
    repeat = client.post("/api/v1/me/daily-log", json={"text": "又写一遍"}, headers=rep)
    assert repeat.json()["submitted_at"] == body["submitted_at"]
    assert client.post("/api/v1/me/daily-log", json={"text": "x"},
                       headers=login(client, "eng1")).status_code == 403
    assert client.post("/api/v1/me/daily-log", json={"text": ""},
                       headers=rep).status_code == 422
    assert client.get("/api/v1/rewards", headers=rep).status_code == 200
    finance = login(client, "finance")
    everyone = client.get("/api/v1/rewards", headers=finance).json()["items"]
    assert everyone and {r["label"] for r in everyone} == {"交通补贴"}  # the demo's year
    own = client.get("/api/v1/rewards", headers=rep).json()["items"]
    assert {r["user_id"] for r in own} <= {my_id(client, rep)}
    export = client.get("/api/v1/rewards/export.xlsx", headers=finance)
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.cell(1, 2).value == "奖励" and sheet.max_row > len(everyone)  # every page
    # Finance narrows the list to one person, and the export follows the same filter.
    someone = everyone[0]["user_id"]
    theirs = client.get("/api/v1/rewards", params={"user_id": someone, "limit": 200},
                        headers=finance).json()["items"]
    narrowed = client.get("/api/v1/rewards/export.xlsx", params={"user_id": someone},
                          headers=finance)
    rows = list(load_workbook(io.BytesIO(narrowed.content)).active.values)[1:]
    assert len(rows) == len(theirs) < sheet.max_row - 1
    assert len({row[0] for row in rows}) == 1


def test_payout_statements_add_up_and_export_for_finance(client) -> None:
    finance = login(client, "finance")
    period = last_month()
    statements = client.get("/api/v1/payouts", params={"period": period},
                            headers=finance).json()["items"]
    assert len(statements) == 20
    shared: dict[tuple[str, int], int] = {}
    for row in statements:
        # A+B: the seeded trial ended in last month (run on the 1st to the 14th or so)
        assert row["scheme"] in ("A", "B", "A+B") and isinstance(row["amount_fen"], int)
        # tier lines are differences of rounded month-to-date figures; a pool line the share
        assert sum(line["amount_fen"] for line in row["lines"]) == row["amount_fen"]
        for line in row["lines"]:
            if not line["rate_bp"]:
                pool = (line["month"], line["base_fen"])
                shared[pool] = shared.get(pool, 0) + line["amount_fen"]
    assert all(total == pool for (_, pool), total in shared.items())
    mine = client.get("/api/v1/payouts", params={"period": period},
                      headers=login(client, "rep04")).json()["items"]
    assert len(mine) == 1
    # scoped views score only what they show and the pool: the same figures as finance's
    east = client.get("/api/v1/payouts", params={"period": period},
                      headers=login(client, "mgr-east")).json()["items"]
    everyone = {r["user_id"]: r for r in statements}
    assert east and all(r == everyone[r["user_id"]] for r in [*east, *mine])
    export = client.get("/api/v1/payouts/export.xlsx", params={"period": period},
                        headers=finance)
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_row == 21 and sheet.cell(1, 5).value == "方案"
    assert {sheet.cell(r, 1).value for r in range(2, 22)} >= {"周婷", "曹敏"}


def test_a_months_weekly_statements_add_up_to_its_statement(client) -> None:
    """Finance adds up last month's weekly statements (its first and last weeks reach into
    the months around it, their lines say which month they count in): a rep on scheme A
    in the month and its weeks is paid the month's commission to the fen."""
    finance = login(client, "finance")
    period = last_month()
    first = date.fromisoformat(f"{period}-01")
    days = [first + timedelta(days=n) for n in range(31)
            if (first + timedelta(days=n)).month == first.month]
    weeks = sorted({f"{y}-W{w:02d}" for y, w, _ in (d.isocalendar() for d in days)})

    def statements(of: str) -> dict[str, Any]:
        reply = client.get("/api/v1/payouts", params={"period": of, "limit": 500},
                           headers=finance)
        assert reply.status_code == 200, reply.text
        return {r["user_id"]: r for r in reply.json()["items"]}

    month, weekly = statements(period), {w: statements(w) for w in weeks}
    on_a = [uid for uid, r in month.items()
            if r["scheme"] == "A" and all(weekly[w][uid]["scheme"] == "A" for w in weeks)]
    assert on_a and any(month[uid]["amount_fen"] for uid in on_a)
    for uid in on_a:
        counted = sum(line["amount_fen"] for w in weeks for line in weekly[w][uid]["lines"]
                      if line["month"] == period)
        assert counted == month[uid]["amount_fen"], (uid, month[uid], counted)
    for w in weeks:
        for row in weekly[w].values():
            signed = sum(x["base_fen"] for x in row["lines"]) if row["scheme"] == "A" else None
            assert signed in (None, row["signed_fen"]), row


def test_the_month_the_demo_trial_ends_in_is_cut_there_and_its_weeks_add_up(client) -> None:
    """Finance closes the month the seeded scheme-B trial ended in: its B reps are paid
    from the pool up to the trial's last day and by the tiers after (scheme A+B), and
    every rep's weekly statements add up to the month's — the tiers' lines and the pools
    counted in the month — to the fen (the month stayed on A for the trial's days, paid
    again from the weeks' pools)."""
    finance = login(client, "finance")
    trials = client.get("/api/v1/experiments", params={"limit": 100}, headers=finance)
    trial = min(trials.json()["items"], key=lambda t: t["starts_on"])  # the seeded one
    ends = date.fromisoformat(trial["ends_on"])
    period = f"{ends.year}-{ends.month:02d}"
    days = [ends.replace(day=1) + timedelta(days=n) for n in range(31)]
    weeks = sorted({f"{y}-W{w:02d}" for y, w, _ in (d.isocalendar() for d in days
                                                    if d.month == ends.month)})

    def statements(of: str) -> dict[str, Any]:
        reply = client.get("/api/v1/payouts", params={"period": of, "limit": 500},
                           headers=finance)
        assert reply.status_code == 200, reply.text
        return {r["user_id"]: r for r in reply.json()["items"]}

    def counted(row: dict[str, Any] | None, *, tiers: bool) -> int:
        return sum(x["amount_fen" if tiers else "base_fen"] for x in (row or {"lines": []})[
            "lines"] if x["month"] == period and bool(x["rate_bp"]) == tiers)

    month, weekly = statements(period), {w: statements(w) for w in weeks}
    split = [u["unit_id"] for u in trial["units"] if u["arm"] == "B" and u["unit_id"] in month]
    last_day = ends.month != (ends + timedelta(days=1)).month
    assert split and {month[uid]["scheme"] for uid in split} == {"B" if last_day else "A+B"}
    for uid, row in month.items():
        for tiers in (True, False):
            weeks_total = sum(counted(weekly[w].get(uid), tiers=tiers) for w in weeks)
            assert weeks_total == counted(row, tiers=tiers), (uid, tiers, row)


def test_admins_run_the_system_but_see_no_ones_payouts_or_rewards(client) -> None:
    admin = login(client, "admin")
    earnings = ("/api/v1/payouts", "/api/v1/payouts/export.xlsx", "/api/v1/rewards",
                "/api/v1/rewards/export.xlsx")
    for path in earnings:
        refused = client.get(path, params={"period": last_month()}, headers=admin)
        assert refused.status_code == 403, (path, refused.text)
        assert refused.headers["content-type"] == PROBLEM
        assert "财务" in refused.json()["detail"]
        for who in ("finance", "director"):
            answered = client.get(path, params={"period": last_month()},
                                  headers=login(client, who))
            assert answered.status_code == 200, (path, who, answered.text)
    # what holds nobody's earnings stays with the admin who maintains it
    assert client.get("/api/v1/kpis", headers=admin).status_code == 200
    assert client.get("/api/v1/experiments", headers=admin).status_code == 200


def test_experiments_are_stratified_reproducible_and_refuse_overlapping_arms(client) -> None:
    director = login(client, "director")
    listed = client.get("/api/v1/experiments", headers=director).json()["items"]
    demo = next(e for e in listed if e["status"] == "finished")
    results = client.get(f"/api/v1/experiments/{demo['id']}/results", headers=director)
    assert results.status_code == 200, results.text
    metrics = {m["metric"]: m for m in results.json()["metrics"]}
    assert set(metrics) == {"retention", "signed_amount", "conversion", "process_score",
                            "satisfaction"}
    assert metrics["conversion"]["test"] == "two_proportion_z"
    assert metrics["signed_amount"]["test"] == "welch_t"
    for m in metrics.values():
        assert m["difference"] == pytest.approx(m["arm_b"] - m["arm_a"])
        assert m["verdict"]
    start = next_month_first() + timedelta(days=40)
    body = {"name": "次季度试点", "unit": "rep", "seed": 7, "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=60)).isoformat()}
    created = client.post("/api/v1/experiments", json=body,
                          headers=director | {"Idempotency-Key": "exp-1"})
    assert created.status_code == 201, created.text
    arms = created.json()["units"]
    assert len(arms) == 20
    for region in {u["region_id"] for u in arms}:
        in_region = [u["arm"] for u in arms if u["region_id"] == region]
        assert abs(in_region.count("A") - in_region.count("B")) <= 1
    same = client.post("/api/v1/experiments", json=body,
                       headers=director | {"Idempotency-Key": "exp-1"})
    assert same.json()["id"] == created.json()["id"]
    overlapping = client.post("/api/v1/experiments", headers=director,
                              json=body | {"seed": 8, "name": "次季度试点（第二组）"})
    assert overlapping.status_code == 422
    assert overlapping.json()["errors"][0]["field"] == "unit_ids"
    reps = [u["unit_id"] for u in arms]
    later = start + timedelta(days=200)
    both = client.post("/api/v1/experiments", headers=director, json=body | {
        "starts_on": later.isoformat(), "ends_on": (later + timedelta(days=30)).isoformat(),
        "arm_a": reps[:3], "arm_b": reps[2:5]})
    assert both.status_code == 422 and both.json()["errors"][0]["field"] == "arm_b"
    assert client.post("/api/v1/experiments", json=body,
                       headers=login(client, "rep01")).status_code == 403
    assert len(client.get("/api/v1/experiments", headers=director).json()["items"]) == \
        len(listed) + 1


def test_a_real_work_order_closed_by_its_requester_issues_a_survey_and_scores_acceptance(
    stack, client,
) -> None:
    """The work-order service's own events (not hand-made ones) reach incentives."""
    rep, eng = login(client, "rep05"), login(client, "eng2")
    due = (datetime.now(UTC) + timedelta(days=5)).isoformat()
    made = client.post("/api/v1/workorders", headers=rep | {"Idempotency-Key": uuid.uuid4().hex},
                       json={"need": "非标支架图纸", "acceptance_standard": "客户确认",
                             "due_at": due, "department": "engineering"})
    assert made.status_code == 201, made.text
    path = f"/api/v1/workorders/{made.json()['id']}"
    assert client.post(f"{path}/accept", headers=eng).status_code == 200
    client.post(f"{path}/progress", json={"text": "图纸完成"}, headers=eng)
    assert client.post(f"{path}/deliver", json={"text": "见图纸"}, headers=eng).status_code == 200
    closed = client.post(f"{path}/review", json={"accept": True}, headers=rep).json()
    assert closed["state"] == "closed"
    order_id = made.json()["id"]

    def scored() -> list[Any]:
        return incentives_sql(stack, "SELECT kind, ok FROM facts WHERE subject_id = :id",
                              id=order_id)

    assert eventually(scored, timeout=60) == [("work_order_accepted", True)]

    def surveyed() -> list[Any]:
        return incentives_sql(stack, "SELECT subject_type, rep_id FROM surveys "
                              "WHERE subject_id = :id", id=order_id)

    [(kind, requester)] = eventually(surveyed, timeout=60)
    assert kind == "work_order" and requester == my_id(client, rep)
