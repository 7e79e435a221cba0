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
