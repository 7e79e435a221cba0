"""A date-only field takes YYYY-MM-DD in ASCII digits and nothing else (domain/days)."""

from datetime import date

import pytest
from pipeline.domain import days
from pipeline.domain.days import iso_day
from pipeline.domain.errors import InvalidField


def test_a_plain_day_is_read() -> None:
    assert iso_day(" 2026-12-01 ", "delivery_date") == date(2026, 12, 1)


@pytest.mark.parametrize("text", [
    "２０２６-１２-０１",      # full-width digits, as a Chinese input method types them
    "٢٠٢٦-١٢-٠١",            # Arabic-Indic digits
    "2026-12-0１",             # one full-width digit is enough
    "20261201",
    "2026-W48-2",
])
def test_a_partner_cannot_send_a_day_the_gateway_refuses(text: str) -> None:
    with pytest.raises(InvalidField) as refused:
        iso_day(text, "delivery_date", label="交货日期")
    assert refused.value.field == "delivery_date"
    assert refused.value.message.startswith("交货日期格式应为 YYYY-MM-DD")


def test_the_pattern_itself_refuses_digits_other_than_ascii() -> None:
    """Not left to `date.fromisoformat` (whose parsing is not ours; `int()` reads ２０)."""
    assert days._DAY.fullmatch("2026-12-01")
    assert days._DAY.fullmatch("２０２６-１２-０１") is None
    assert days._DAY.fullmatch("٢٠٢٦-١٢-٠١") is None
