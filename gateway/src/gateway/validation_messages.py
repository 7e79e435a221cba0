"""zh-CN messages for pydantic's validation errors, so a 422 reads in the users' language
and names the field the way the client sent it.

pydantic's own `msg` is English ("Input should be a valid boolean..."); the error `type`
and its `ctx` carry everything needed to say it again in Chinese. A type not listed here
keeps a Chinese generic message rather than leaking the English one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BeforeValidator

_FIXED = {
    "missing": "必填",
    "string_type": "必须是字符串",
    "json_invalid": "JSON 格式无效",
    "json_type": "JSON 格式无效",
    "model_attributes_type": "必须是 JSON 对象",
    "model_type": "必须是 JSON 对象",
    "dict_type": "必须是 JSON 对象",
    "int_parsing": "必须是整数",
    "int_type": "必须是整数",
    "int_from_float": "必须是整数",
    "float_parsing": "必须是数字",
    "float_type": "必须是数字",
    "bool_parsing": "必须是 true 或 false",
    "bool_type": "必须是 true 或 false",
    "list_type": "必须是列表",
    "extra_forbidden": "不允许的字段",
    "uuid_parsing": "必须是有效的 UUID",
    "uuid_type": "必须是有效的 UUID",
    "date_parsing": "必须是日期，例如 2026-11-01",
    "date_from_datetime_parsing": "必须是日期，例如 2026-11-01",
    "date_type": "必须是日期，例如 2026-11-01",
    "datetime_parsing": "必须是时间，例如 2026-11-01T09:00:00+08:00",
    "datetime_from_date_parsing": "必须是时间，例如 2026-11-01T09:00:00+08:00",
    "datetime_type": "必须是时间，例如 2026-11-01T09:00:00+08:00",
}
# A query parameter held to a list of values (`pattern="^(month|week|day)$"`): its 422
# names them like a Literal's does, rather than a bare 「格式不正确」.
_ALTERNATIVES = re.compile(r"\^\(?([\w-]+(?:\|[\w-]+)+)\)?\$")

# Bounds: the ctx key holding the limit, and how to say it.
_BOUNDS = {
    "greater_than_equal": ("ge", "不能小于 {}"),
    "greater_than": ("gt", "必须大于 {}"),
    "less_than_equal": ("le", "不能大于 {}"),
    "less_than": ("lt", "必须小于 {}"),
    "string_too_long": ("max_length", "长度不能超过 {}"),
    "too_long": ("max_length", "最多 {} 项"),
    "too_short": ("min_length", "至少 {} 项"),
}


def _choices(expected: str) -> str:
    # pydantic lists choices as "'a', 'b' or 'c'"
    return "、".join(part.strip() for part in expected.replace(" or ", ", ").split(","))


def message(error: dict[str, Any]) -> str:
    """The zh-CN message for one entry of `ValidationError.errors()`."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in _FIXED:
        return _FIXED[kind]
    if kind in _BOUNDS:
        key, text = _BOUNDS[kind]
        return text.format(ctx.get(key))
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return "不能为空" if least == 1 else f"长度不能少于 {least}"
    if kind in {"literal_error", "enum"}:
        return f"应为以下之一：{_choices(str(ctx.get('expected', '')))}"
    if kind == "string_pattern_mismatch":
        return _pattern(str(ctx.get("pattern", "")))
    if kind in {"value_error", "assertion_error"}:
        return _value_error(str(ctx.get("error", "")))
    return "取值无效"


def _pattern(pattern: str) -> str:
    if choices := _ALTERNATIVES.fullmatch(pattern):
        return "应为以下之一：" + "、".join(f"'{c}'" for c in choices.group(1).split("|"))
    return "格式不正确"


def _value_error(text: str) -> str:
    if "UploadFile" in text:  # FastAPI: a form field sent as text where a file belongs
        return "必须是上传的文件（multipart/form-data）"
    # A validator of ours writes zh-CN; pydantic's and the libraries' own are English.
    return text if any(ord(ch) > 0x2E7F for ch in text) else "取值无效"


def labelled_choices(labels: Mapping[str, str]) -> BeforeValidator:
    """For a Literal whose codes people know by zh name (a department's kind): a value
    not among them is refused naming each code with its label, 「应为以下之一：'sales'（销售
    部门）、'functional'（职能部门）」, where the Literal alone lists the bare codes.
    Place it after the Literal (`Annotated[Kind, labelled_choices(KIND_ZH)]`); a value
    that is no string is left to the Literal's own message."""
    named = "应为以下之一：" + "、".join(f"'{code}'（{label}）" for code, label in labels.items())

    def check(value: Any) -> Any:
        if isinstance(value, str) and value not in labels:
            raise ValueError(named)
        return value

    return BeforeValidator(check)
