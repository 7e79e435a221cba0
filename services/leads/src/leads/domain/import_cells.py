"""Every bad cell of an import row, not only the first: a row with a bad e-mail, the
province 火星, the budget "abc" and the urgency 超急 is reported once with all four, so
the user fixes it once.

Which cells fail the row: the ones that make or match the lead (name, company, title,
message, phone, e-mail, WeChat id, at least one contact, pain point, tags). A bad
OPTIONAL cell (province, industry, company scale, budget, urgency) does not lose the
contact: the lead is imported without that cell and the row is reported as imported with
warnings. Each cell is checked by the very parser Lead.create / update_qualification use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from leads.domain.excel_numbers import whole_number
from leads.domain.lead_input import CONTACT_REQUIRED, MESSAGE_LIMIT, PAIN_POINT_LIMIT, TEXT_LIMITS
from leads.domain.normalise import (
    InvalidField,
    clean_text,
    free_text,
    normalise_email,
    normalise_phone,
    normalise_province,
    normalise_wechat_id,
)
from leads.domain.qualification import clean_tags, parse_budget_yuan, parse_scale, parse_urgency

OPTIONAL = frozenset({"province", "industry", "company_scale", "budget_yuan", "urgency"})
CONTACTS = ("phone", "email", "wechat_id")
_SHOWN = 30  # characters of a bad value quoted in the reason


def _text(field: str, limit: int) -> Callable[[str], object]:
    return lambda value: clean_text(field, value, max_length=limit)


_CHECKS: dict[str, Callable[[str], object]] = {
    **{field: _text(field, limit) for field, limit in TEXT_LIMITS.items()},
    "message": lambda v: free_text("message", v, max_length=MESSAGE_LIMIT, multiline=True),
    "pain_point": lambda v: free_text("pain_point", v, max_length=PAIN_POINT_LIMIT,
                                      multiline=True),
    "phone": lambda v: normalise_phone(whole_number(v)), "email": normalise_email,
    "wechat_id": normalise_wechat_id,
    "province": normalise_province, "company_scale": parse_scale,
    "budget_yuan": parse_budget_yuan, "urgency": parse_urgency,
}


def problems(raw: Mapping[str, str], split_tags: Callable[[str], list[str]]
             ) -> dict[str, str]:
    """Field -> why its cell is wrong, for every bad cell, in the row's column order."""
    found: dict[str, str] = {}
    for field, value in raw.items():
        check = _CHECKS.get(field)
        try:
            if field == "tags":
                clean_tags(split_tags(value))
            elif check is not None and value.strip():
                check(value)
        except InvalidField as error:
            found[field] = error.message
    if not any(raw.get(field, "").strip() for field in CONTACTS):
        found["phone"] = CONTACT_REQUIRED
    return found


def describe(field: str, value: str, message: str, names: Mapping[str, str]) -> str:
    """One bad cell for people: 省份"火星"：请填写…; the missing contact on its own."""
    if message == CONTACT_REQUIRED:
        return "手机、邮箱和微信至少填写一项"
    shown = value.strip()
    shown = shown if len(shown) <= _SHOWN else shown[:_SHOWN] + "…"
    return f'{names.get(field, field)}"{shown}"：{message}' if shown else \
        f"{names.get(field, field)}：{message}"
