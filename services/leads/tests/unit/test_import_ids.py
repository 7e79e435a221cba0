import time
import uuid

from leads.domain.import_ids import uuid7_texts, uuid7s


def test_a_batch_of_ids_are_version_7_uuids_in_increasing_order() -> None:
    ids = uuid7s(10_000)  # more than the 4,096 a millisecond's counter holds
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in ids)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_the_next_batch_continues_after_the_last_and_carries_the_current_time() -> None:
    first, second = uuid7s(5), uuid7s(5)
    assert first[-1] < second[0]
    millis = second[0].int >> 80
    assert abs(millis - time.time_ns() // 1_000_000) < 5_000


def test_the_text_form_is_the_canonical_one() -> None:
    for text in uuid7_texts(100):
        assert str(uuid.UUID(text)) == text
