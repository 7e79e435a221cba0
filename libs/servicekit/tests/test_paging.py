"""A list's cursor comes back exactly as issued, and anything else is refused."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from servicekit.paging import InvalidCursor, decode_cursor, encode_cursor

ID = "01a21a0e-a8a7-70a2-92aa-c33667e644fa"


def test_a_cursor_round_trips_to_the_same_row() -> None:
    at = datetime(2026, 11, 26, 9, 30, 1, 123456, tzinfo=UTC)
    assert decode_cursor(encode_cursor(at, ID)) == (at, ID)


@pytest.mark.parametrize("token", ["", "not-a-cursor", encode_cursor(datetime(2026, 1, 1), ID),
                                   encode_cursor(datetime(2026, 1, 1, tzinfo=UTC), "x"),
                                   # in UTC before year 1 / after 9999: a 502 from the driver
                                   encode_cursor(datetime(1, 1, 1, tzinfo=timezone(
                                       timedelta(hours=14))), ID),
                                   encode_cursor(datetime(9999, 12, 31, 23, tzinfo=timezone(
                                       timedelta(hours=-14))), ID)])
def test_a_token_we_did_not_issue_is_refused(token: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(token)
