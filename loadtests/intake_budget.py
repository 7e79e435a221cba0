"""The intake target as CPU per web form: what the machine can afford at half the baseline's
rate, beside what a form cost and PostgreSQL's share of it, from the same rounds.

At the target rate (0.5 × the baseline's requests/s) every process of the bench - the
gateway, the services, PostgreSQL, NATS and the load generator itself - shares
cores × busy seconds per second, where busy is the share of the machine the baseline's
rounds used: what this machine gave that load. Divided by the target rate, that is the
budget a form may spend in all. When the bench started the stack, busy is counted from
the bench's own processes (their CPU per baseline form × the baseline's rate), so work
of neighbours on a shared machine, which slows the baseline, does not also inflate the
budget; the budget is then exactly twice the baseline form's CPU. Otherwise it is the
whole machine's busy share (/proc/stat).

The spent figures are the CPU per form of each process group during the gateway's rounds
(/proc). PostgreSQL's share is its processes' CPU, commits, WAL and the checkpointer
included; a statement-level split (pg_stat_statements) is not there to read: the
bench's PostgreSQL does not preload it.
"""

from __future__ import annotations

import os

TARGET_RATIO = 0.5


def _total(ms_by_process: dict[str, float]) -> float:
    return round(sum(ms_by_process.values()), 2)


def cpu_budget(baseline_rps: float, machine_busy: float | None,
               cpu_ms: dict[str, dict[str, float]],
               cores: int | None = None) -> dict[str, object]:
    """`machine_busy`: the whole machine's busy share in the baseline's rounds; `cpu_ms`:
    the rounds' CPU ms per request by process, {"baseline_rounds": {...},
    "gateway_rounds": {...}}, empty when the bench did not start the stack."""
    cores = cores or os.cpu_count() or 1
    target_rps = TARGET_RATIO * baseline_rps
    base_by = cpu_ms.get("baseline_rounds", {})
    ours = min(1.0, _total(base_by) * baseline_rps / 1000 / cores) if base_by else None
    busy = ours if ours is not None else machine_busy
    budget = round(cores * busy * 1000 / target_rps, 2) if busy and target_rps else None
    spent_by = dict(sorted(cpu_ms.get("gateway_rounds", {}).items(), key=lambda kv: -kv[1]))
    figures: dict[str, object] = {
        "budget_ms": budget, "cores": cores, "target_rps": round(target_rps, 1),
        "busy_share": busy if busy is None else round(busy, 3),
        "busy_share_of": "the whole machine" if ours is None else "the bench's processes",
        "machine_busy_share": machine_busy}
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
