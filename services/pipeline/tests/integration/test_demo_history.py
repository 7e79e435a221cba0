"""The demo history written to PostgreSQL (a schema of its own): once only, consistent
with the stage history, and what the management numbers then show."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import UTC, datetime

import pytest
from pipeline.adapters import contracts_repo
from pipeline.domain import signature
from pipeline.domain.approval_matrix import Person
from pipeline.domain.demo_history import Rep
from pipeline.domain.period import SHANGHAI
from pipeline.service_layer import analytics
from pipeline.service_layer.demo_contracts import seed_demo_contracts
from pipeline.service_layer.demo_data import seed_demo
from pipeline.service_layer.demo_history import seed_history
from pipeline.service_layer.demo_history_events import tell_history
from pipeline.service_layer.deps import Deps
from salesos.events.v1 import pipeline_pb2 as ev
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.auth import Principal
from servicekit.db import create_engine, session_factory
from servicekit.migrations import upgrade_head
from sqlalchemy import text

from .conftest import MIGRATIONS

pytestmark = pytest.mark.integration
SCHEMA = "pipeline_demo_it"
REPS = [Rep(f"u{i}", f"rep{i:02d}", f"region-{i // 5}", ("江苏", "广东")) for i in range(20)]
DIRECTOR = Principal(user_id="d", username="director", role="director")


@pytest.fixture(scope="module")
async def demo_sessions(infra):
    await asyncio.to_thread(upgrade_head, MIGRATIONS, infra.database_url, SCHEMA)
    engine = create_engine(infra.database_url, SCHEMA, pool_size=4)
    yield session_factory(engine)
    await engine.dispose()


async def test_the_history_is_written_once_and_the_numbers_cover_every_stage(
        demo_sessions) -> None:
    now = datetime.now(UTC)
    written = await seed_history(demo_sessions, REPS, now=now)
    assert written > 450
    assert await seed_history(demo_sessions, REPS, now=now) == 0
    async with demo_sessions() as session:
        counts = (await session.execute(text(
            "SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM visits),"
            " (SELECT count(*) FROM visits WHERE first), (SELECT count(*) FROM needs_records),"
            " (SELECT count(DISTINCT scale) FROM accounts)"))).one()
    assert counts[0] == 300 and counts[1] > counts[2] > 100 and counts[3] > 50
    assert counts[4] == 4
    deps = Deps(sessions=demo_sessions)
    funnel = await analytics.funnel(analytics.Ask(), DIRECTOR, deps)
    cycle = await analytics.cycle_time(analytics.Ask(), DIRECTOR, deps)
    lost = await analytics.lost_reasons(analytics.Ask(), DIRECTOR, deps)
    activity = await analytics.rep_activity(analytics.Ask(), DIRECTOR, deps)
    assert funnel.total == written and funnel.won > 0 and funnel.lost > 0
    assert all(s.reached > 0 for s in funnel.stages)
    assert cycle.lead_to_won.count == funnel.won and cycle.lead_to_won.median_days > 30
    assert all(d.count > 0 for d in cycle.stages)
    assert lost.total == funnel.lost and len(lost.reasons) == 6
    assert {c.owner_username for c in activity.cells} == {r.username for r in REPS}
    rep = Principal(user_id="u3", username="rep03", role="rep", region_ids=("region-0",))
    own = await analytics.funnel(analytics.Ask(), rep, deps)
    assert 0 < own.total < funnel.total
    assert datetime.now(SHANGHAI).date().isoformat() == funnel.date_to


async def test_every_won_deal_has_the_signed_contract_finance_would_look_for(
        demo_sessions) -> None:
    await seed_history(demo_sessions, REPS, now=datetime.now(UTC))  # once per schema
    await seed_demo(demo_sessions)  # the won deals' accepted quotes
    people = [Person("gm", "gm", "director", "", "", True),
              Person("vp", "vp", "director", "", "gm", True),
              *(Person(f"m{r}", f"mgr{r}", "manager", f"region-{r}", "vp", True,
                       (f"region-{r}",)) for r in range(4))]
    written = await seed_demo_contracts(demo_sessions, people)
    assert await seed_demo_contracts(demo_sessions, people) == 0
    async with demo_sessions() as session:
        won = (await session.execute(text(
            "SELECT o.id, o.stage_entered_at, q.total_fen FROM opportunities o"
            " JOIN quotes q ON q.opportunity_id = o.id AND q.state = 'accepted'"
            " WHERE o.status = 'won'"))).all()
        assert written == len(won) > 50
        # Numbered as they were drafted, as the contract book of a year of real use is.
        numbers = (await session.execute(text(
            "SELECT number FROM contracts ORDER BY created_at, id"))).scalars().all()
        assert numbers == sorted(numbers)
        # 报价内部审批 and 客户签署合同 are the system's ticks in the history as they are live.
        ticked_by = (await session.execute(text(
            "SELECT DISTINCT done_by FROM step_checks"
            " WHERE step_id IN ('approve_quote', 'customer_signs')"))).scalars().all()
        assert ticked_by == [""]
        # Each quote went out when its deal reached 报价 and was accepted on the way to 签约,
        # so the quote-turnaround KPI scores the history's dates, not the day it was won.
        dated = (await session.execute(text(
            "SELECT q.issued_at, q.accepted_at, o.stage_entered_at,"
            " (SELECT min(at) FROM stage_changes s WHERE s.opportunity_id = o.id"
            "  AND s.to_stage = 'quote') AS quoted_at"
            " FROM quotes q JOIN opportunities o ON o.id = q.opportunity_id"
            " WHERE o.status = 'won' AND q.state = 'accepted'"))).all()
        assert all(d.issued_at == d.quoted_at for d in dated if d.quoted_at is not None)
        assert all(d.issued_at <= d.accepted_at <= d.stage_entered_at for d in dated)
        assert sum(d.issued_at < d.stage_entered_at for d in dated) > len(dated) // 2
        for deal in won[:20]:
            c = await contracts_repo.latest_of_deal(session, opportunity_id=str(deal.id))
            assert c is not None and c.status == "signed" and c.signed_at == deal.stage_entered_at
            assert c.amount_fen == deal.total_fen
            assert c.steps and all(s.status == "approved" for s in c.steps)
            assert [s.decided_at for s in c.steps] == sorted(s.decided_at for s in c.steps)
            entry = (await session.execute(text(
                "SELECT document, document_sha256 FROM signature_audit"
                " WHERE contract_id = :id AND action = 'signed'"), {"id": uuid.UUID(c.id)})).one()
            assert entry.document_sha256 == signature.sha256(entry.document)
            assert c.account_name in entry.document


async def test_the_history_is_told_once_as_the_events_each_deal_raised(demo_sessions) -> None:
    """What incentives scores the demo's past by: one deal_history_recorded per deal,
    carrying exactly the stored moves, reported visits, quotes and the signed win."""
    await seed_history(demo_sessions, REPS, now=datetime.now(UTC))  # once per schema
    await seed_demo(demo_sessions)
    people = [Person("gm", "gm", "director", "", "", True),
              *(Person(f"m{r}", f"mgr{r}", "manager", f"region-{r}", "gm", True,
                       (f"region-{r}",)) for r in range(4))]
    await seed_demo_contracts(demo_sessions, people)
    told = await tell_history(demo_sessions)
    assert told > 450 and await tell_history(demo_sessions) == 0
    async with demo_sessions() as session:
        rows = (await session.execute(text(
            "SELECT payload FROM outbox WHERE type = 'pipeline.deal_history_recorded'"))).all()
        won = (await session.execute(text(
            "SELECT o.id, o.amount_fen, o.stage_entered_at, c.amount"
            " FROM opportunities o JOIN LATERAL (SELECT (v.terms->>'price_fen')::bigint"
            " AS amount FROM contracts k JOIN contract_versions v ON v.contract_id = k.id"
            " WHERE k.opportunity_id = o.id) c ON true"
            " WHERE o.status = 'won'"))).all()
        counts = dict((await session.execute(text(
            "SELECT 'moves', count(*) FROM stage_changes UNION ALL"
            " SELECT 'reports', count(*) FROM visits WHERE reported_at IS NOT NULL UNION ALL"
            " SELECT 'quotes', count(*) FROM quotes WHERE issued_at IS NOT NULL"))).all())
    assert len(rows) == told
    events = [inner for row in rows for inner in _history(row.payload).events]
    assert len({e.id for e in events}) == len(events)
    kinds = Counter(e.type for e in events)
    assert kinds["pipeline.opportunity_opened"] == told
    assert kinds["pipeline.stage_changed"] == counts["moves"]
    assert kinds["pipeline.visit_reported"] == counts["reports"]
    assert kinds["pipeline.quote_issued"] == counts["quotes"]
    assert kinds["pipeline.deal_won"] == len(won) > 50
    # A won deal is worth what its customer signed, in the list and in the event alike.
    assert all(w.amount_fen == w.amount for w in won)
    wins = {}
    for e in events:
        if e.type == "pipeline.deal_won":
            payload = ev.DealWon()
            e.payload.Unpack(payload)
            wins[payload.opportunity_id] = (payload.amount_fen, e.occurred_at.ToDatetime(UTC))
    assert wins == {str(w.id): (w.amount_fen, w.stage_entered_at) for w in won}


def _history(payload: bytes) -> ev.DealHistoryRecorded:
    message = ev.DealHistoryRecorded()
    Envelope.FromString(payload).payload.Unpack(message)
    return message
