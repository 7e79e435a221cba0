from datetime import UTC, datetime

import pytest
from leads.domain.listing import LeadFilter, decode_cursor, encode_cursor, page_size
from leads.domain.normalise import InvalidField


def test_cursor_round_trips_and_foreign_tokens_are_refused() -> None:
    at = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    lead_id = "0190f8f0-0000-7000-8000-000000000001"
    assert decode_cursor(encode_cursor(at, lead_id)) == (at, lead_id)
    with pytest.raises(InvalidField) as error:
        decode_cursor("not-a-cursor")
    assert error.value.field == "cursor"


def test_page_size_defaults_to_20_and_refuses_more_than_100() -> None:
    assert page_size(0) == 20 and page_size(100) == 100
    with pytest.raises(InvalidField):
        page_size(101)


def test_filter_refuses_an_empty_time_range_and_long_queries() -> None:
    at = datetime(2026, 11, 27, tzinfo=UTC)
    with pytest.raises(InvalidField):
        LeadFilter(created_from=at, created_to=at).checked()
    with pytest.raises(InvalidField):
        LeadFilter(q="x" * 101).checked()
    assert LeadFilter(q=" 精工 ").checked().q == "精工"


def test_the_source_filter_is_read_as_the_lower_case_code_sources_are_stored_as() -> None:
    assert LeadFilter(source=" Baidu ").checked().source == "baidu"
    assert LeadFilter(source="ＷＥＢ＿ＦＯＲＭ").checked().source == "web_form"
