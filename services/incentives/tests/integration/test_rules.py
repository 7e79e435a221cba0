"""The rules a user or operator will try, through the real gRPC server: KPI versions, the
daily-log streak and its reward, payouts that add up, overlapping trials, used and expired
survey links."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from incentives.adapters import fact_repo
from incentives.adapters.org import OrgDirectory, OrgUnavailable
from incentives.adapters.orm import calendar_days
from incentives.domain import facts as f
from incentives.domain.periods import SHANGHAI
from incentives.entrypoints.consumers import on_event
from incentives.service_layer import scores
from incentives.service_layer.deps import Deps
from salesos.events.v1 import incentives_pb2 as ev
from salesos.events.v1 import leads_pb2 as le
from salesos.events.v1 import workorders_pb2 as we
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.auth import Principal
from servicekit.db import is_unavailable
from servicekit.envelope import new_envelope
from servicekit.errors import field_violations
from servicekit.uow import UnitOfWork
from servicekit.workcal.sync import calendar_subscription

pytestmark = pytest.mark.integration


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


async def _outbox(deps: Deps, kind: str) -> list[Any]:
    async with deps.sessions() as session:
        return list((await session.execute(sa.text(
            "SELECT payload FROM outbox WHERE type = :t ORDER BY created_at"),
            {"t": kind})).scalars())


async def test_weights_must_sum_to_100_and_a_change_waits_for_next_month(
    stub: Any, auth: Any,
) -> None:
    admin = auth("admin")
    before = await stub.ListKpis(pb.ListKpisRequest(), metadata=admin)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.PutKpi(pb.PutKpiRequest(id="quote_turnaround", weight_pct=25),
                          metadata=admin)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (await stub.ListKpis(pb.ListKpisRequest(), metadata=admin)) == before
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await stub.PutKpi(pb.PutKpiRequest(id="quote_turnaround", weight_pct=10),
                          metadata=auth("director"))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    changed = await stub.PutKpi(pb.PutKpiRequest(
        id="quote_turnaround", weight_pct=5, target=96,
        other_weights={"work_order_accept_on_time": 10}), metadata=admin)
    assert changed.version == before.version  # November keeps its definitions
    assert changed.pending_effective_from == "2026-12-01"
    december = await stub.ListKpis(pb.ListKpisRequest(on="2026-12-01"), metadata=admin)
    assert {k.id: (k.weight_pct, k.target) for k in december.kpis}["quote_turnaround"] == (5, 96)
    again = await stub.PutKpi(pb.PutKpiRequest(
        id="quote_turnaround", weight_pct=5, target=96,
        other_weights={"work_order_accept_on_time": 10}), metadata=admin)
    assert again.pending_version == changed.pending_version  # a retry adds no version
    november = await stub.ListScores(pb.ListScoresRequest(period="2026-11"), metadata=admin)
    assert november.kpi_version == before.version


async def test_a_day_or_period_outside_2000_to_2099_is_refused_naming_it(
    stub: Any, auth: Any,
) -> None:
    """Before the first definitions (2000-01-01) nothing is in force; they were 502s."""
    for call in (stub.ListKpis(pb.ListKpisRequest(on="1999-12-31"), metadata=auth("admin")),
                 stub.ListScores(pb.ListScoresRequest(period="1900-01"),
                                 metadata=auth("admin"))):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await call
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_seven_on_time_working_days_earn_the_reward_once(
    stub: Any, auth: Any, clock: Any, deps: Deps,
) -> None:
    user = f"streak-{uuid.uuid4().hex[:8]}"
    me = auth("rep", user_id=user, region_ids=("region-east",))
    workdays = [(11, 30), (12, 1), (12, 2), (12, 3), (12, 4), (12, 7), (12, 8)]
    for n, (month, day) in enumerate(workdays, start=1):
        clock.now = local(2026, month, day, 20, 30)
        reply = await stub.SubmitDailyLog(pb.SubmitDailyLogRequest(text="今日小结"), metadata=me)
        assert (reply.on_time, reply.streak) == (True, n)
        assert reply.HasField("reward") == (n == 7)
    assert (reply.reward.amount_fen, reply.reward.label) == (5_000, "交通补贴")
    again = await stub.SubmitDailyLog(pb.SubmitDailyLogRequest(text="重复提交"), metadata=me)
    assert again.reward.id == reply.reward.id
    granted = [p for p in await _outbox(deps, "incentives.reward_granted")
               if _unpack(p, ev.RewardGranted()).user_id == user]
    assert len(granted) == 1
    clock.now = local(2026, 12, 9, 21, 30)  # after the 21:00 cut-off
    late = await stub.SubmitDailyLog(pb.SubmitDailyLogRequest(text="晚了"), metadata=me)
    assert (late.on_time, late.streak) == (False, 0)
    mine = await stub.ListRewards(pb.ListRewardsRequest(), metadata=me)
    assert [r.id for r in mine.rewards] == [reply.reward.id]
    finance = await stub.ListRewards(pb.ListRewardsRequest(user_id=user), metadata=auth("finance"))
    assert len(finance.rewards) == 1
    other = await stub.ListRewards(pb.ListRewardsRequest(user_id=user),
                                   metadata=auth("rep", user_id="someone-else"))
    assert not other.rewards


def _unpack(raw: bytes, into: Any) -> Any:
    Envelope.FromString(raw).payload.Unpack(into)
    return into


async def test_payouts_pay_scheme_a_by_tier_and_share_the_b_pool_exactly(
    stub: Any, auth: Any, deps: Deps, clock: Any,
) -> None:
    clock.now = local(2026, 11, 27, 12)
    won = {"it-rep-01": 80_000_000, "it-rep-02": 1_000, "it-rep-07": 33_333_333,
           "it-rep-08": 12_345_679}
    async with UnitOfWork(deps.sessions, source="incentives") as uow:
        await fact_repo.append(uow.session, [
            f.Fact(f"won-{uuid.uuid4()}", "pipeline.deal_won", f.DEAL_WON, rep, "r", f"o-{rep}",
                   local(2026, 10, 15, 10), True, amount) for rep, amount in won.items()])
        await uow.commit()
    trial = await stub.CreateExperiment(pb.CreateExperimentRequest(
        name="十月试点", unit="rep", starts_on="2026-10-01", ends_on="2026-10-31",
        arm_a=["it-rep-01", "it-rep-02"], arm_b=["it-rep-07", "it-rep-08"]),
        metadata=auth("director"))
    assert {u.unit_id: u.arm for u in trial.units}["it-rep-07"] == "B"
    statements = {p.user_id: p for p in (await stub.ListPayouts(
        pb.ListPayoutsRequest(period="2026-10"), metadata=auth("finance"))).payouts}
    assert statements["it-rep-01"].scheme == "A"
    assert statements["it-rep-01"].amount_fen == 1_900_000  # 500k×2% + 300k×3% (元)
    assert statements["it-rep-02"].amount_fen == 20          # 10 元 × 2%
    pool = round((33_333_333 + 12_345_679) * 0.03)
    b_rows = [statements[r] for r in ("it-rep-07", "it-rep-08")]
    assert {p.scheme for p in b_rows} == {"B"}
    assert sum(p.amount_fen for p in b_rows) == pool == b_rows[0].lines[0].base_fen
    mine = await stub.ListPayouts(pb.ListPayoutsRequest(period="2026-10"),
                                  metadata=auth("rep", user_id="it-rep-07"))
    assert [p.user_id for p in mine.payouts] == ["it-rep-07"]

    with pytest.raises(grpc.aio.AioRpcError) as overlap:
        await stub.CreateExperiment(pb.CreateExperimentRequest(
            name="团队试点", unit="team", starts_on="2026-10-20", ends_on="2026-11-20"),
            metadata=auth("director"))
    assert overlap.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "十月试点" in overlap.value.details()
    results = await stub.GetExperimentResults(pb.GetExperimentResultsRequest(
        experiment_id=trial.id), metadata=auth("director"))
    signed = {m.metric: m for m in results.metrics}["signed_amount"]
    assert (signed.arm_a, signed.arm_b) == (pytest.approx(40_000_500),
                                           pytest.approx(22_839_506))
    assert not signed.sufficient and signed.verdict.startswith("样本太少")


async def test_a_closed_work_order_issues_a_survey_that_expires_and_is_answered_once(
    stub: Any, auth: Any, deps: Deps, clock: Any,
) -> None:
    clock.now = local(2026, 11, 27, 12)
    service = auth("service")
    handler = on_event(deps)
    ids = {}
    for cancelled in (True, False):
        ids[cancelled] = f"wo-{uuid.uuid4()}"
        event = we.WorkOrderClosed(ref=we.WorkOrderRef(
            work_order_id=ids[cancelled], title="非标零部件图纸", requester_id="it-rep-03",
            region_id="region-east"), cancelled=cancelled)
        envelope = new_envelope(event, type="workorders.closed", source="workorders",
                                aggregate_id=ids[cancelled])
        async with UnitOfWork(deps.sessions, source="incentives") as uow:
            await handler(uow, envelope, event)
            await uow.commit()
    issued = [_unpack(p, ev.SurveyIssued()) for p in
              await _outbox(deps, "incentives.survey_issued")]
    assert not [s for s in issued if s.subject_id == ids[True]]  # cancelled: no survey
    [survey] = [s for s in issued if s.subject_id == ids[False]]
    token = survey.link.rsplit("/", 1)[1]
    with pytest.raises(grpc.aio.AioRpcError) as bad:
        await stub.AnswerSurvey(pb.AnswerSurveyRequest(token=token, score=0), metadata=service)
    assert bad.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    clock.now = local(2026, 12, 12, 12)  # 15 days later: expired
    assert (await stub.GetSurvey(pb.GetSurveyRequest(token=token), metadata=service)
            ).status == "expired"
    with pytest.raises(grpc.aio.AioRpcError) as expired:
        await stub.AnswerSurvey(pb.AnswerSurveyRequest(token=token, score=4), metadata=service)
    assert expired.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    clock.now = local(2026, 11, 28, 9)
    done = await stub.AnswerSurvey(pb.AnswerSurveyRequest(
        token=token, score=4, comment="服务\x00很好"), metadata=service)  # NUL was a 502
    assert (done.status, done.score, done.comment) == ("answered", 4, "服务很好")
    retried = await stub.AnswerSurvey(pb.AnswerSurveyRequest(
        token=token, score=4, comment="服务\x00很好"), metadata=service)
    assert retried.answered_at == done.answered_at  # the same answer again changes nothing
    with pytest.raises(grpc.aio.AioRpcError) as used:
        await stub.AnswerSurvey(pb.AnswerSurveyRequest(token=token, score=5), metadata=service)
    assert used.value.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_a_daily_log_or_trial_name_pasted_with_control_characters_is_kept_without(
    stub: Any, auth: Any, clock: Any,
) -> None:
    """PostgreSQL refuses NUL: these were 502s."""
    clock.now = local(2026, 11, 27, 12)
    me = auth("rep", user_id=f"nul-{uuid.uuid4().hex[:8]}", region_ids=("region-east",))
    logged = await stub.SubmitDailyLog(pb.SubmitDailyLogRequest(text="拜访\x00三家"),
                                       metadata=me)
    assert logged.on_time
    trial = await stub.CreateExperiment(pb.CreateExperimentRequest(
        name="2031 试点\x00", seed=1, starts_on="2031-01-01", ends_on="2031-03-31"),
        metadata=auth("director"))
    assert trial.name == "2031 试点"


async def test_a_trial_key_reused_for_another_trial_is_refused_not_answered(
    stub: Any, auth: Any, clock: Any,
) -> None:
    """The second trial was answered with the first and silently never created."""
    clock.now = local(2026, 11, 27, 12)
    key, director = uuid.uuid4().hex, auth("director")
    asked = pb.CreateExperimentRequest(name="2032 试点", seed=3, starts_on="2032-01-01",
                                       ends_on="2032-03-31", idempotency_key=key)
    first = await stub.CreateExperiment(asked, metadata=director)
    assert (await stub.CreateExperiment(asked, metadata=director)).id == first.id
    other = pb.CreateExperimentRequest()
    other.CopyFrom(asked)
    other.name, other.starts_on, other.ends_on = "2033 试点", "2033-01-01", "2033-03-31"
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.CreateExperiment(other, metadata=director)
    assert field_violations(refused.value)[0][0] == "Idempotency-Key"


async def test_the_admins_calendar_year_from_leads_decides_which_days_count(
    stub: Any, auth: Any, clock: Any, deps: Deps,
) -> None:
    """2027 has no official schedule in chinese-calendar 1.11; the admin's year arrives as
    leads.calendar_year_set: Mon 01-04 off, Sat 01-09 worked."""
    event = le.CalendarYearSet(year=2027, set_by="admin",
                               holidays=[le.CalendarYearSet.Day(date="2027-01-04", name="假日")],
                               workdays=[le.CalendarYearSet.Day(date="2027-01-09", name="调休")])
    mirror = calendar_subscription("incentives-calendar", calendar_days)
    async with UnitOfWork(deps.sessions, source="incentives") as uow:
        await mirror.handler(uow, new_envelope(event, type="leads.calendar_year_set",
                                               source="leads", aggregate_id="2027"), event)
        await uow.commit()
    me = auth("rep", user_id=f"cal-{uuid.uuid4().hex[:8]}", region_ids=("region-east",))
    days = [(1, 5), (1, 6), (1, 7), (1, 8), (1, 9), (1, 11), (1, 12)]
    for n, (month, day) in enumerate(days, start=1):
        clock.now = local(2027, month, day, 18)
        reply = await stub.SubmitDailyLog(pb.SubmitDailyLogRequest(text="小结"), metadata=me)
        assert (reply.workday, reply.streak) == (True, n)
    assert reply.HasField("reward")
    clock.now = local(2027, 1, 4, 18)
    off = await stub.SubmitDailyLog(pb.SubmitDailyLogRequest(text="假日"), metadata=me)
    assert (off.workday, off.on_time) == (False, False)


async def test_the_demo_seed_writes_a_year_once(stub: Any, auth: Any, sessions: Any) -> None:
    users = [pb.DemoUser(id=f"demo-rep-{i}", role="rep", region_id=("e", "s")[i % 2])
             for i in range(8)]
    request = pb.SeedDemoRequest(users=users, today="2026-06-01")
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await stub.SeedDemo(request, metadata=auth("admin"))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    first = await stub.SeedDemo(request, metadata=auth("service"))
    assert first.facts > 1000 and first.experiment_id and not first.already
    # The deals' facts are the pipeline's told history, not made here; a demo seeded by
    # the older generator drops its deal facts on the next start (no double counting).
    stale = f.Fact("demo-stale-win", "pipeline.deal_won", f.DEAL_WON, "demo-rep-1", "e",
                   "demo-opp-1", datetime(2026, 5, 6, 14, tzinfo=SHANGHAI), value=10_000_000)
    async with UnitOfWork(sessions, source="incentives") as uow:
        assert await demo_kinds(uow) == {f.FIRST_CONTACT, f.SURVEY_ANSWERED}
        await fact_repo.append(uow.session, [stale])
        await uow.commit()
    again = await stub.SeedDemo(request, metadata=auth("service"))
    assert again.already and again.experiment_id == first.experiment_id
    async with UnitOfWork(sessions, source="incentives") as uow:
        assert await demo_kinds(uow) == {f.FIRST_CONTACT, f.SURVEY_ANSWERED}
    results = await stub.GetExperimentResults(pb.GetExperimentResultsRequest(
        experiment_id=first.experiment_id), metadata=auth("director"))
    assert results.experiment.status == "finished" and len(results.metrics) == 5
    demo_rewards = await stub.ListRewards(pb.ListRewardsRequest(user_id="demo-rep-1"),
                                          metadata=auth("finance"))
    assert demo_rewards.rewards


async def demo_kinds(uow: UnitOfWork) -> set[str]:
    return set((await uow.session.execute(sa.text(
        "SELECT DISTINCT kind FROM facts WHERE event_id LIKE 'demo-%'"))).scalars())


async def test_an_unreachable_org_directory_is_unavailable_not_an_error(
    sessions: Any,
) -> None:
    """UNAVAILABLE, which the gateway answers 503 with Retry-After."""
    down = Deps(sessions=sessions, org=OrgDirectory("127.0.0.1:1", jwt_secret="s" * 32,
                                                    timeout=0.5))
    director = Principal(user_id="d", username="director", role="director")
    with pytest.raises(OrgUnavailable) as refused:
        await scores.list_scores(pb.ListScoresRequest(period="2026-11"), director, down)
    assert is_unavailable(refused.value)  # the interceptor's UNAVAILABLE
