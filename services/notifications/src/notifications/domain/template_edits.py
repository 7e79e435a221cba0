"""Checking an admin's edit of a message text. Pure; no I/O."""

from __future__ import annotations

import string

from notifications.domain.templates import LANGUAGES, TEMPLATES, Template


class InvalidTemplate(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def placeholders(text: str, field: str = "body") -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:  # an unmatched brace
        raise InvalidTemplate(field, f"花括号不成对：{error}") from error


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
    allowed: set[str] = set().union(*(placeholders(t.title) | placeholders(t.body)
                                      for t in defaults.values()))
    for field, text in (("title", title), ("body", body)):
        unknown = placeholders(text, field) - allowed
        if unknown:
            raise InvalidTemplate(field, "不支持的参数：" + "、".join(
                "{" + name + "}" for name in sorted(unknown)) + "；可用：" + "、".join(
                "{" + name + "}" for name in sorted(allowed)))
    return Template(title, body)
