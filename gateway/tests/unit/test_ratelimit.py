from datetime import UTC, datetime

from gateway.ratelimit import retry_after, window_start


def test_requests_count_in_the_minute_they_arrive_in() -> None:
    now = datetime(2026, 3, 3, 9, 15, 42, 500_000, tzinfo=UTC)
    assert window_start(now) == datetime(2026, 3, 3, 9, 15, tzinfo=UTC)


def test_retry_after_is_the_rest_of_the_minute_rounded_up_and_at_least_one_second() -> None:
    assert retry_after(datetime(2026, 3, 3, 9, 15, 42, 500_000, tzinfo=UTC)) == 18
    assert retry_after(datetime(2026, 3, 3, 9, 15, 59, 999_999, tzinfo=UTC)) == 1
    assert retry_after(datetime(2026, 3, 3, 9, 15, 0, tzinfo=UTC)) == 60
