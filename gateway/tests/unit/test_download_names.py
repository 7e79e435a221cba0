"""A quote saved as 报价单-<customer>-V2.xlsx keeps the customer's name whatever it holds:
a '/' or '"' in a company name must not cut the header short or make a path."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from gateway.spreadsheets import disposition


def test_the_chinese_name_is_percent_encoded_whole_and_reads_back() -> None:
    header = disposition("quote-v2", '报价单-苏州"精密"/机械; 有限公司-V2')
    ascii_part, encoded = header.split("; filename*=UTF-8''")
    assert ascii_part == 'attachment; filename="quote-v2.xlsx"'
    assert re.fullmatch(r"[A-Za-z0-9%._~-]+", encoded)  # RFC 5987 attr-chars only
    assert unquote(encoded) == '报价单-苏州"精密"/机械; 有限公司-V2.xlsx'


@pytest.mark.parametrize("name", ["报价", 'a"b', "a b", "../x", ""])
def test_the_ascii_name_must_be_plain(name: str) -> None:
    with pytest.raises(ValueError):
        disposition(name, "报价")
