"""Checking an admin's edit of a message text. Pure; no I/O."""

from __future__ import annotations

import re
import string

from notifications.domain.templates import LANGUAGES, TEMPLATES, Template

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # newline, tab, CR allowed


class InvalidTemplate(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def placeholders(text: str, field: str = "body") -> set[str]:
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as error:  # an unmatched brace
        raise InvalidTemplate(field, "花括号不成对；文字中的花括号请写成 {{ 和 }}") from error
    for _, name, spec, conversion in parts:
        # Parameters are strings: a spec such as {due:d} fails every rendering (the
        # event is retried, then dead-lettered: nobody hears of it), and {title:>99999999}
        # renders megabytes per message. Only the plain {name} form is a parameter.
        if name is not None and (spec or conversion):
            raise InvalidTemplate(field, f"参数只能写成 {{{name}}} 的形式，不能带格式或转换")
    return {name for _, name, _, _ in parts if name is not None}


def check_edit(kind: str, language: str, title: str, body: str) -> Template:
    """An admin's text for `kind`: it may use only the parameters the event provides
    (those of the default texts), so an edit cannot break delivery with a KeyError."""
    defaults = TEMPLATES.get(kind)
    if defaults is None:
        raise InvalidTemplate("kind", f"未知的通知类型：{kind}")
    if language not in LANGUAGES:
        raise InvalidTemplate("language", f"语言只能是 {'、'.join(LANGUAGES)}")
    if not title.strip():
        raise InvalidTemplate("title", "标题不能为空")
    for field, text in (("title", title), ("body", body)):
        if CONTROL.search(text):  # PostgreSQL refuses NUL; the others garble a message
            raise InvalidTemplate(field, "不能包含控制字符")
    allowed: set[str] = set().union(*(placeholders(t.title) | placeholders(t.body)
                                      for t in defaults.values()))
    for field, text in (("title", title), ("body", body)):
        unknown = placeholders(text, field) - allowed
        if unknown:
            raise InvalidTemplate(field, "不支持的参数：" + "、".join(
                "{" + name + "}" for name in sorted(unknown)) + "；可用：" + "、".join(
                "{" + name + "}" for name in sorted(allowed)))
    return Template(title, body)
