from datetime import UTC, datetime

import pytest
from notifications.service_layer import paging


def test_page_size_defaults_to_twenty_and_is_capped_at_one_hundred() -> None:
    assert paging.page_size(0) == 20
    assert paging.page_size(7) == 7
    assert paging.page_size(1000) == 100


def test_negative_page_size_is_refused() -> None:
    with pytest.raises(paging.InvalidPageSize):
        paging.page_size(-1)


def test_page_token_round_trips_the_position() -> None:
    created = datetime(2025, 3, 3, 1, 30, 0, 123456, tzinfo=UTC)
    item_id = "0195f0a4-8c1e-7d2a-9b1c-3f4e5d6c7b8a"
    assert paging.decode_cursor(paging.encode_cursor(created, item_id)) == (created, item_id)


@pytest.mark.parametrize("token", ["nonsense", "e30", "W10", "WyJ4IiwieSJd", "!!!"])
def test_forged_or_garbled_page_token_is_refused(token: str) -> None:
    with pytest.raises(paging.InvalidPageToken):
        paging.decode_cursor(token)
