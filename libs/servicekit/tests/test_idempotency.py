"""An Idempotency-Key answers a retry with the first answer and refuses another request:
a second customer, quote or order sent under a used key must not vanish silently."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from servicekit.errors import FieldError
from servicekit.idempotency import KEY_REUSED, check_same_request, fingerprint
from servicekit.invalid import InvalidField


def test_a_retry_written_the_same_way_has_the_same_fingerprint() -> None:
    first = fingerprint("deal-1", [("CONV-100", 2), ("OPT-MON", 1)], 500, " 加急 ", None)
    retry = fingerprint("deal-1", [("CONV-100", 2), ("OPT-MON", 1)], 500, "加急", "")
    assert first == retry
    assert len(first) == 64


def test_any_other_value_makes_another_request() -> None:
    base = fingerprint("deal-1", [("CONV-100", 2)], 500, "")
    assert fingerprint("deal-1", [("CONV-100", 3)], 500, "") != base
    assert fingerprint("deal-2", [("CONV-100", 2)], 500, "") != base
    assert fingerprint("deal-1", [("CONV-100", 2)], 501, "") != base
    assert fingerprint("deal-1", [("CONV-100", 2)], 500, "x") != base


def test_parts_do_not_run_into_each_other() -> None:
    assert fingerprint("ab", "c") != fingerprint("a", "bc")
    assert fingerprint(["a", "b"]) != fingerprint("a", "b")
    assert fingerprint(1) != fingerprint("1", "")


def test_mappings_and_times_are_taken_by_value() -> None:
    assert fingerprint({"b": 1, "a": 2}) == fingerprint({"a": 2, "b": 1})
    at = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert fingerprint(at, date(2026, 12, 1)) == fingerprint(
        datetime(2026, 11, 27, 9, 0, tzinfo=UTC), date(2026, 12, 1))
    shanghai = datetime(2026, 11, 27, 17, 0, tzinfo=timezone(timedelta(hours=8)))
    assert fingerprint(shanghai) == fingerprint(at)  # the same instant, read back as UTC
    assert fingerprint(True) != fingerprint(False)


def test_the_same_request_again_passes() -> None:
    same = fingerprint("x", 1)
    check_same_request(stored=same, arriving=fingerprint("x", 1))


def test_another_request_under_a_used_key_is_refused_naming_the_key() -> None:
    with pytest.raises(FieldError) as refused:  # what servicers answer as 422 naming it
        check_same_request(stored=fingerprint("x", 1), arriving=fingerprint("x", 2))
    assert (refused.value.field, refused.value.message) == ("Idempotency-Key", KEY_REUSED)
    assert str(refused.value) == KEY_REUSED
    assert isinstance(refused.value, InvalidField)  # what pure code collects per item


@pytest.mark.parametrize("stored", [None, ""])
def test_a_key_stored_before_fingerprints_answers_unchecked(stored: str | None) -> None:
    check_same_request(stored=stored, arriving=fingerprint("anything"))
