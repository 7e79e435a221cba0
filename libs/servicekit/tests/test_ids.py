"""Event, lead and touch ids are UUIDv7: time-ordered, and increasing within a process
even when thousands are made in one millisecond."""

from __future__ import annotations

import time
import uuid

from servicekit.ids import uuid7_int, uuid7_text, uuid7_texts, uuid7s


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


def test_a_batch_of_ids_are_version_7_uuids_in_increasing_order() -> None:
    ids = uuid7s(10_000)  # more than the 4,096 a millisecond's counter holds
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in ids)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_the_next_batch_or_single_id_continues_after_the_last_with_the_current_time() -> None:
    first, single, second = uuid7s(5), uuid.UUID(uuid7_text()), uuid7s(5)
    assert first[-1] < single < second[0]
    millis = second[0].int >> 80
    assert abs(millis - time.time_ns() // 1_000_000) < 5_000


def test_a_batchs_text_form_is_the_canonical_one() -> None:
    for text in uuid7_texts(100):
        assert str(uuid.UUID(text)) == text
