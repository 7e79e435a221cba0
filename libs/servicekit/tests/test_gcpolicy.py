"""A service process freezes its start-up heap and collects young objects less often, so
its requests stop paying for walks over that heap; an operator can turn it off, a typo
in the settings stops the process, and the cycles requests make are still freed.

The GC state is per process: each story runs in a child interpreter, not in pytest's."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from servicekit import gcpolicy

SCRIPT = """
import gc, json, weakref
from servicekit import gcpolicy

class Node: pass

started = [Node() for _ in range(1000)]  # start-up's objects
gcpolicy.at_start()
{between}
gcpolicy.settle()
frozen = gc.get_freeze_count()
gcpolicy.settle()  # a second call (another server starting) freezes nothing more
again = gc.get_freeze_count()
a, b = Node(), Node()
a.other, b.other = b, a  # a cycle made while serving
probe = weakref.ref(a)
del a, b
gc.collect()
print(json.dumps({{"thresholds": gc.get_threshold(), "frozen": frozen, "again": again,
                  "cycle_freed": probe() is None}}))
"""


def _child(env: dict[str, str], between: str = "") -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(SCRIPT.format(
        between=between))], env={"PATH": "/usr/bin:/bin", **env}, capture_output=True,
        text=True, timeout=60, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_started_process_freezes_its_heap_once_and_still_frees_new_cycles() -> None:
    seen = _child({})
    assert seen["thresholds"] == list(gcpolicy.DEFAULT_THRESHOLDS)
    assert seen["frozen"] and seen["frozen"] >= 1000  # type: ignore[operator]
    assert seen["again"] == seen["frozen"]
    assert seen["cycle_freed"] is True


def test_an_operator_can_set_the_thresholds() -> None:
    assert _child({"SALESOS_GC_THRESHOLDS": "20000, 15, 5"})["thresholds"] == [20000, 15, 5]


def test_off_keeps_cpythons_defaults_and_freezes_nothing() -> None:
    seen = _child({"SALESOS_GC_POLICY": "off"})
    assert seen["thresholds"] == [700, 10, 10]
    assert seen["frozen"] == 0


def test_code_that_never_called_at_start_is_left_alone() -> None:
    # what tests running a ServiceApp in-process do: settle() there must not freeze pytest
    seen = _child({}, between="gcpolicy._armed = None")
    assert seen["frozen"] == 0


@pytest.mark.parametrize("env", [{"SALESOS_GC_POLICY": "fast"},
                                 {"SALESOS_GC_THRESHOLDS": "50000,20"},
                                 {"SALESOS_GC_THRESHOLDS": "many,20,10"},
                                 {"SALESOS_GC_THRESHOLDS": "0,20,10"}])
def test_a_malformed_setting_stops_the_process_naming_it(env: dict[str, str]) -> None:
    with pytest.raises(SystemExit, match=next(iter(env))):
        gcpolicy.from_env(env)


def test_a_process_serving_through_the_cli_runs_under_the_policy() -> None:
    script = textwrap.dedent("""
        import gc, json
        from pathlib import Path
        from servicekit import gcpolicy
        from servicekit.cli import service_main

        async def serve():  # what ServiceApp.run and the gateway do once they serve
            gcpolicy.settle()
            print(json.dumps([gc.get_threshold(), gc.get_freeze_count()]))

        service_main(name="demo", migrations_dir=Path("."), serve=serve, argv=["serve"])
    """)
    done = subprocess.run([sys.executable, "-c", script], env={"PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=60, check=True)
    thresholds, frozen = json.loads(done.stdout)
    assert thresholds == list(gcpolicy.DEFAULT_THRESHOLDS)
    assert frozen > 0
