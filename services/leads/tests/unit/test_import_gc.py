"""The import's collector pause (service_layer/import_gc.py): off while any import holds
it, back as it was when the last one leaves; young collections only while held."""

from __future__ import annotations

import gc

import pytest
from leads.service_layer import import_gc


def test_overlapping_imports_keep_it_off_until_the_last_one_leaves() -> None:
    assert gc.isenabled()
    with import_gc.paused():
        with import_gc.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_process_that_had_it_off_keeps_it_off() -> None:
    gc.disable()
    try:
        with import_gc.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cycles_made_while_paused_are_collected_batch_by_batch(
        monkeypatch: pytest.MonkeyPatch) -> None:
    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    import_gc.young()  # not paused: the collector's own schedule, nothing forced
    with import_gc.paused():
        import_gc.young()
    assert collected == [1]


def test_an_import_in_a_process_under_servicekits_gc_policy_leaves_the_policy_as_it_was(
) -> None:
    # gcpolicy tunes thresholds and freezes the start-up heap; the import pauses and
    # resumes collection: neither undoes the other. A child interpreter: GC state is
    # per process.
    import json
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import gc, json, weakref
        from servicekit import gcpolicy
        from leads.service_layer import import_gc

        class Row: pass

        gcpolicy.at_start()
        gcpolicy.settle()
        before = [gc.get_threshold(), gc.get_freeze_count()]
        with import_gc.paused():
            a, b = Row(), Row()
            a.b, b.a = b, a  # a cycle made by a batch
            probe = weakref.ref(a)
            del a, b
            import_gc.young()
            freed = probe() is None
        print(json.dumps({"before": before, "after": [gc.get_threshold(),
                          gc.get_freeze_count()], "enabled": gc.isenabled(), "freed": freed}))
    """)
    done = subprocess.run([sys.executable, "-c", script], env={"PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=60, check=True)
    seen = json.loads(done.stdout)
    assert seen["after"] == seen["before"] and seen["before"][1] > 0
    assert seen["enabled"] and seen["freed"]
