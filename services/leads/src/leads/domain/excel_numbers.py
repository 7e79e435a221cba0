"""A phone number as Excel saved it into a CSV: a long number in a General cell is shown,
and saved, in scientific notation (13812345678 -> 1.38123E+10). When every digit is still
there (1.3812345678E+10) it is the number; when Excel cut digits off, nobody can guess
them back, and the user is told exactly that instead of "format incorrect". Import only:
a web form never sends Excel's notation. Pure."""

from __future__ import annotations

import re

from leads.domain.normalise import InvalidField

_SCIENTIFIC = re.compile(r"^\s*([0-9])\.([0-9]+)[eE]\+?([0-9]{1,2})\s*$")
LOST_DIGITS = ("Excel 把号码显示成了科学计数法，后几位已丢失；请把该列设为“文本”格式，"
               "填回完整号码后重新导入")


def whole_number(text: str) -> str:
    """The digits of a number in scientific notation that kept all of them; anything else
    unchanged (for the phone check to judge). Raises InvalidField when digits were lost."""
    found = _SCIENTIFIC.match(text)
    if found is None:
        return text
    first, decimals, exponent = found.group(1), found.group(2), int(found.group(3))
    if len(decimals) > exponent:  # a fraction: no phone number, the phone check says so
        return text
    if len(decimals) < exponent:
        raise InvalidField("phone", LOST_DIGITS)
    return first + decimals
