"""The intake target as CPU per web form: what the machine can afford at half the baseline's
rate, beside what a form cost and PostgreSQL's share of it, from the same rounds.

At the target rate (0.5 × the baseline's requests/s) every process on the machine - the
gateway, the services, PostgreSQL, NATS and the load generator itself - shares
cores × busy seconds per second, where busy is the share of the machine's time the
baseline's own rounds kept it busy (what this machine gives a CPU-bound load; idle gaps
and steal are not on offer). Divided by the target rate, that is the budget a form may
spend in all. The spent figures are the CPU per form each process group used during the
gateway's rounds (/proc, only when the bench started the stack); PostgreSQL's share is its
processes' CPU, which includes commits, WAL and the checkpointer - a statement-level
split (pg_stat_statements) is not there to read: the bench's PostgreSQL does not preload it.
"""

from __future__ import annotations

import os

TARGET_RATIO = 0.5


def _total(ms_by_process: dict[str, float]) -> float:
    return round(sum(ms_by_process.values()), 2)


def cpu_budget(baseline_rps: float, busy_share: float | None,
               cpu_ms: dict[str, dict[str, float]],
               cores: int | None = None) -> dict[str, object]:
    """`cpu_ms`: the rounds' CPU ms per request by process, {"baseline_rounds": {...},
    "gateway_rounds": {...}}, empty when the bench did not start the stack."""
    cores = cores or os.cpu_count() or 1
    target_rps = TARGET_RATIO * baseline_rps
    budget = (round(cores * busy_share * 1000 / target_rps, 2)
              if busy_share and target_rps else None)
    spent_by = dict(sorted(cpu_ms.get("gateway_rounds", {}).items(), key=lambda kv: -kv[1]))
    base_by = cpu_ms.get("baseline_rounds", {})
    figures: dict[str, object] = {
        "budget_ms": budget, "cores": cores, "busy_share": busy_share,
        "target_rps": round(target_rps, 1)}
    if not spent_by:
        figures["line"] = (f"budget {budget} ms a web form; what each process spent is "
                           "unknown (the bench did not start the stack)")
        return figures
    spent, postgres = _total(spent_by), spent_by.get("postgres", 0.0)
    figures |= {
        "spent_ms": spent, "postgres_ms": postgres, "spent_by_process_ms": spent_by,
        "baseline_spent_ms": _total(base_by), "baseline_postgres_ms": base_by.get("postgres"),
        "line": f"budget {budget} ms, spent {spent} ms, of which PostgreSQL {postgres} ms "
                f"(the baseline: {_total(base_by)} ms, of which PostgreSQL "
                f"{base_by.get('postgres')} ms)"}
    return figures
