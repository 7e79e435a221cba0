"""The intake target said as CPU per web form: a reader of the bench's JSON sees what a
form may cost at half the baseline's rate, what it cost, and PostgreSQL's share."""

from __future__ import annotations

from loadtests.intake_budget import cpu_budget


def test_the_budget_is_the_baselines_busy_cpu_shared_by_half_its_rate() -> None:
    figures = cpu_budget(2000.0, 0.95, {
        "baseline_rounds": {"baseline_app": 0.3, "postgres": 0.1},
        "gateway_rounds": {"gateway": 0.4, "leads": 1.0, "postgres": 0.6}}, cores=2)

    # The bench's processes used 0.4 ms x 2,000/s = 0.8 core-seconds a second, 0.4 of two
    # cores (neighbours the rest of the machine's 0.95): at 1,000 forms/s, 0.8 ms a form,
    # twice the baseline form's CPU.
    assert figures["busy_share"] == 0.4
    assert figures["budget_ms"] == 0.8
    assert figures["spent_ms"] == 2.0
    assert figures["postgres_ms"] == 0.6
    assert list(figures["spent_by_process_ms"]) == ["leads", "postgres", "gateway"]
    assert figures["line"] == ("budget 0.8 ms, spent 2.0 ms, of which PostgreSQL 0.6 ms "
                               "(the baseline: 0.4 ms, of which PostgreSQL 0.1 ms)")


def test_without_the_stacks_processes_only_the_budget_is_claimed() -> None:
    figures = cpu_budget(2000.0, 0.8, {"baseline_rounds": {}, "gateway_rounds": {}}, cores=2)

    assert figures["budget_ms"] == 1.6  # 2 cores x 0.8 of the machine busy / 1,000 forms/s
    assert "spent_ms" not in figures
    assert "unknown" in str(figures["line"])
