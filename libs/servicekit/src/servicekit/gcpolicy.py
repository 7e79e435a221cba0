"""CPython's cyclic collector tuned for a long-running service process.

Every process here holds a large heap made at start-up (gRPC, SQLAlchemy, protobuf
descriptors, pydantic models, FastAPI routes) that lives as long as the process. With
CPython's defaults the collector runs a young collection every 700 net container
allocations, and every so often a full one that walks that whole start-up heap again
though none of it ever becomes garbage. A web form allocates thousands of containers in
each process it crosses, so those walks were a measurable share of every form's CPU.

`at_start()` (the CLI's `serve`, before the process builds anything) raises the
thresholds; `settle()` (once the process serves: ServiceApp.run, the gateway's uvicorn
start-up) collects once and `gc.freeze()`s what is left, so later collections never walk
it. Reference counting frees everything that holds no cycle either way: only cycles
wait longer, and a frozen object that later becomes part of a cycle is never collected,
which is why the freeze happens once, before any request.

SALESOS_GC_POLICY=off keeps CPython's defaults (nothing frozen); SALESOS_GC_THRESHOLDS
sets the three generations' thresholds ("10000,10,10"). Only processes started by
`servicekit.cli` change: code that calls `settle()` in-process (tests) is left alone.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

# Measured in `make bench`'s intake phase: young collections every 10000 allocations
# (with the freeze) took about a third of the collector's CPU out of gateway, leads and
# notifications; 50000 saved no more and kept ~7 MB more alive in leads.
DEFAULT_THRESHOLDS = (10_000, 10, 10)
_armed: GcPolicy | None = None


@dataclass(frozen=True)
class GcPolicy:
    thresholds: tuple[int, int, int]


def from_env(env: Mapping[str, str]) -> GcPolicy | None:
    """The policy the environment asks for; None for CPython's defaults. A malformed
    value stops the process: a typo should not silently run with other settings."""
    mode = env.get("SALESOS_GC_POLICY", "tuned").strip().lower()
    if mode == "off":
        return None
    if mode != "tuned":
        raise SystemExit(f"SALESOS_GC_POLICY must be 'tuned' or 'off', not {mode!r}")
    raw = env.get("SALESOS_GC_THRESHOLDS", "")
    if not raw.strip():
        return GcPolicy(DEFAULT_THRESHOLDS)
    try:
        parts = tuple(int(p) for p in raw.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 3 or min(parts) < 1:
        raise SystemExit("SALESOS_GC_THRESHOLDS must be three positive integers "
                         f"(young, middle, old), e.g. '10000,10,10', not {raw!r}")
    return GcPolicy((parts[0], parts[1], parts[2]))


def at_start(env: Mapping[str, str] | None = None) -> GcPolicy | None:
    """Applies the thresholds and arms `settle()`; what was applied (None: defaults)."""
    global _armed
    policy = from_env(os.environ if env is None else env)
    if policy is not None:
        gc.set_threshold(*policy.thresholds)
    _armed = policy
    return policy


def settle() -> None:
    """Freezes the start-up heap, once, in a process whose policy `at_start` armed."""
    global _armed
    if _armed is None:
        return
    thresholds, _armed = _armed.thresholds, None
    gc.collect()  # start-up's own cyclic garbage must not be frozen with the rest
    gc.freeze()
    log.info("gc: %d start-up objects frozen, thresholds %s", gc.get_freeze_count(),
             thresholds)
