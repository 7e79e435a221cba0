"""CPU time per process group from /proc (Linux), to say where a request's cost goes.

On a shared 2-core machine requests/s swing with whatever else runs; the CPU seconds each
process spent per request barely do, so the bench reports both. A group is a process and
all its descendants (PostgreSQL's backends are children of the postmaster). Elsewhere
than Linux, or when the bench did not start the stack itself, there is nothing to report.
"""

from __future__ import annotations

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process: its own user + system time and that of
    the children it has reaped (cutime + cstime). Without the reaped part a process that
    exits between two snapshots takes its CPU with it — a PostgreSQL backend whose
    connection the pool closed made the group's figure fall, one opened meanwhile counted
    its whole life — so the PostgreSQL figure swung with connection churn. The postmaster
    reaps every backend, so with its cutime the group's total only ever grows."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), sum(int(f) for f in fields[11:15]) / _TICK


def snapshot(groups: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each group (name -> root pid), descendants included."""
    if not Path("/proc/self/stat").exists():
        return {}
    stats = {int(p): s for p in os.listdir("/proc") if p.isdigit()
             if (s := _stat(int(p))) is not None}
    roots = {pid: name for name, pid in groups.items()}
    totals = dict.fromkeys(groups, 0.0)
    for pid, (_, seconds) in stats.items():
        ancestor, hops = pid, 0
        while ancestor not in roots and ancestor > 1 and hops < 64:
            ancestor, hops = stats.get(ancestor, (0, 0.0))[0], hops + 1
        if ancestor in roots:
            totals[roots[ancestor]] += seconds
    return totals


def per_request_ms(before: dict[str, float], after: dict[str, float],
                   requests: int) -> dict[str, float]:
    return {name: round((after[name] - before.get(name, 0.0)) * 1000 / requests, 2)
            for name in after if requests}


def seconds_between(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds each group spent between two snapshots."""
    return {name: round(after[name] - before.get(name, 0.0), 2) for name in after}


def machine() -> dict[str, float]:
    """Seconds the whole machine has spent busy, idle, and stolen by the hypervisor, summed
    over its cores (/proc/stat). Whether a round was CPU-bound, and whether a slow run was
    the machine's neighbours (steal), is read from these, not guessed."""
    try:
        line = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return {}
    user, nice, system, idle, iowait, irq, softirq, steal = (int(f) for f in line[1:9])
    return {"busy": (user + nice + system + irq + softirq) / _TICK,
            "idle": (idle + iowait) / _TICK, "steal": steal / _TICK}


def shares(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Each state's share of the machine's time between two `machine()` readings."""
    spent = {state: after[state] - before.get(state, 0.0) for state in after}
    total = sum(spent.values())
    return {state: round(s / total, 3) for state, s in spent.items()} if total else {}


def machine_seconds(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Seconds in each state between two `machine()` readings (summed over rounds)."""
    return {state: after[state] - before.get(state, 0.0) for state in after}
