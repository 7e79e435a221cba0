"""Event, lead and touch ids are UUIDv7: time-ordered, and increasing within a process
even when thousands are made in one millisecond."""

from __future__ import annotations

import time
import uuid

from servicekit.ids import uuid7_int, uuid7_text


def test_ids_are_version_7_variant_rfc_and_carry_the_current_millisecond() -> None:
    before = time.time_ns() // 1_000_000
    made = uuid.UUID(uuid7_text())
    assert (made.version, made.variant) == (7, uuid.RFC_4122)
    assert before <= made.int >> 80 <= time.time_ns() // 1_000_000 + 1
    assert str(made) == str(uuid.UUID(int=made.int))


def test_ids_made_in_a_burst_are_unique_and_increasing() -> None:
    burst = [uuid7_int() for _ in range(10_000)]  # more than the 4,096 of one millisecond
    assert burst == sorted(burst) and len(set(burst)) == len(burst)
    texts = [uuid7_text() for _ in range(3)]
    assert texts == sorted(texts)
