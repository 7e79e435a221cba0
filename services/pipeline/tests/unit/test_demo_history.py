"""The demo's year of history: deterministic, every stage and outcome present, and each
deal's story consistent with the process (no skipping, one first visit, all in the past)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from pipeline.domain import stages as st
from pipeline.domain.default_process import DEFAULT_STAGES
from pipeline.domain.demo_history import Rep, history
from pipeline.domain.process import Process

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
REPS = [Rep(f"u{i}", f"rep{i:02d}", f"region-{i // 5}", ("江苏", "浙江")) for i in range(20)]
PROCESS = Process(1, DEFAULT_STAGES)


def test_the_same_seed_makes_the_same_history() -> None:
    one = history("s", REPS, PROCESS, now=NOW, customers=40)
    two = history("s", REPS, PROCESS, now=NOW, customers=40)
    assert [(d.id, d.stage, d.amount_fen) for d in one] == [(d.id, d.stage, d.amount_fen)
                                                           for d in two]


def test_three_hundred_customers_have_deals_in_every_stage_won_and_lost_with_reasons() -> None:
    deals = history("s", REPS, PROCESS, now=NOW)
    assert len({d.account.id for d in deals}) == 300 and len(deals) > 450
    stages = Counter(d.stage for d in deals)
    assert all(stages[code] > 0 for code in (*st.ORDER, st.WON, st.LOST))
    assert all(d.lost_reason for d in deals if d.status == st.LOST)
    assert len({d.account.name for d in deals}) == 300
    assert {d.account.scale for d in deals} == {"lt50", "50_200", "200_1000", "gt1000"}


def test_every_deal_moves_one_stage_at_a_time_in_the_past_with_at_most_one_first_visit() -> None:
    for deal in history("s", REPS, PROCESS, now=NOW, customers=120):
        moves = [c for c in deal.changes if c.to_stage != st.LOST]
        path = [st.LEAD] + [c.to_stage for c in moves]
        assert path == [*st.ORDER, st.WON][:len(path)]
        times = [deal.created_at] + [c.at for c in deal.changes]
        assert times == sorted(times) and times[-1] < NOW
        assert sum(v.first for v in deal.visits) <= 1
        assert all(deal.created_at < v.checked_in_at < v.reported_at < NOW
                   for v in deal.visits)
        if st.position(deal.stage if deal.stage in st.ORDER else st.CONTRACT) > 2 \
                and deal.needs is not None:
            assert deal.needs.complete


def test_customers_sit_in_their_reps_provinces_with_a_city_of_that_province() -> None:
    from pipeline.domain.demo_cities import CITIES

    west = [Rep("w", "rep16", "west", ("四川", "重庆", "云南", "贵州"))]
    for deal in history("s", west, PROCESS, now=NOW, customers=30):
        city = CITIES[deal.account.province][0]
        assert deal.account.province in west[0].provinces
        assert deal.account.name.startswith(city)
