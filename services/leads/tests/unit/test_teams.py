from collections import Counter
from datetime import UTC, datetime, timedelta

from leads.domain.teams import Member, RepSettings, member, pick, shanghai_day

NOW = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)


def run(members: list[Member], n: int, scores: dict[str, int] | None = None) -> list[str]:
    scores = scores or {}
    picked = []
    for _ in range(n):
        found = pick(members, scores)
        assert found is not None
        chosen, scores = found
        picked.append(chosen.username)
    return picked


def test_equal_weights_take_turns_in_a_stable_order() -> None:
    team = [Member("u3", "rep03"), Member("u1", "rep01"), Member("u2", "rep02")]
    assert run(team, 6) == ["rep01", "rep02", "rep03"] * 2


def test_capacity_two_gets_twice_the_leads_of_capacity_one_spread_out() -> None:
    team = [Member("u1", "heavy", weight=2), Member("u2", "light")]
    picked = run(team, 30)
    assert Counter(picked) == {"heavy": 20, "light": 10}
    assert picked[:3] == ["heavy", "light", "heavy"]


def test_weights_hold_exactly_over_every_full_cycle() -> None:
    team = [Member("a", "a", weight=5), Member("b", "b", weight=1), Member("c", "c", weight=1)]
    assert Counter(run(team, 70)) == {"a": 50, "b": 10, "c": 10}


def test_a_rep_at_their_daily_cap_is_skipped() -> None:
    team = [Member("u1", "capped", assigned_today=3, daily_cap=3), Member("u2", "free")]
    assert run(team, 3) == ["free"] * 3


def test_a_rep_marked_away_is_skipped() -> None:
    team = [Member("u1", "away", away=True), Member("u2", "here")]
    assert run(team, 2) == ["here", "here"]


def test_nobody_available_means_no_pick() -> None:
    assert pick([Member("u1", "a", away=True), Member("u2", "b", daily_cap=0)], {}) is None
    assert pick([], {}) is None


def test_reps_who_left_the_team_are_forgotten_and_absent_ones_keep_their_score() -> None:
    chosen, scores = pick([Member("u1", "a"), Member("u2", "b", away=True)],
                          {"u1": 0, "u2": 4, "gone": 7}) or (None, {})
    assert chosen is not None and chosen.user_id == "u1"
    assert scores == {"u1": 0, "u2": 4}


def test_away_ends_at_the_given_time() -> None:
    settings = RepSettings("u1", away=True, away_until=NOW + timedelta(hours=1))
    assert settings.is_away(NOW)
    assert not settings.is_away(NOW + timedelta(hours=1))
    assert RepSettings("u1", away=True).is_away(NOW + timedelta(days=365))


def test_member_takes_capacity_cap_and_away_from_settings() -> None:
    settings = RepSettings("u1", capacity=2, daily_cap=30, away=True)
    assert member("u1", "rep01", settings, assigned_today=4, now=NOW) == Member(
        "u1", "rep01", weight=2, assigned_today=4, daily_cap=30, away=True)
    assert member("u2", "rep02", None, assigned_today=0, now=NOW).weight == 1


def test_the_day_for_caps_is_the_beijing_day() -> None:
    late_utc = datetime(2025, 3, 3, 16, 30, tzinfo=UTC)  # 00:30 on the 4th in Shanghai
    assert str(shanghai_day(late_utc)) == "2025-03-04"
