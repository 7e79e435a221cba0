import pytest
from leads.domain.excel_numbers import whole_number
from leads.domain.normalise import InvalidField


@pytest.mark.parametrize(("cell", "read"), [
    ("1.3812345678E+10", "13812345678"), ("8.613812345678e12", "8613812345678"),
    ("13812345678", "13812345678"), ("+86 138 1234 5678", "+86 138 1234 5678"),
    ("1.5E+00", "1.5E+00"),  # a fraction stays as typed: the phone check refuses it
])
def test_a_number_excel_kept_whole_reads_as_its_digits(cell: str, read: str) -> None:
    assert whole_number(cell) == read


def test_a_number_excel_cut_short_is_refused_saying_digits_were_lost() -> None:
    with pytest.raises(InvalidField) as error:
        whole_number("1.38123E+10")
    assert error.value.field == "phone" and "科学计数法" in error.value.message
