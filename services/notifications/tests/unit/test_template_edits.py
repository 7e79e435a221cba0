"""An admin's edit of a message text may use only what the event provides."""

from __future__ import annotations

import pytest
from notifications.domain.template_edits import InvalidTemplate, check_edit
from notifications.domain.templates import Template, render


def test_an_edit_using_the_kinds_parameters_is_accepted_and_rendered_from_the_book() -> None:
    edited = check_edit("quote_issued", "zh-CN", "报价 {account_name} {total}", "请审核。")
    book = {"quote_issued": {"zh-CN": edited}}
    message = render("quote_issued", {"account_name": "恒力", "total": "¥1.00"}, "zh-CN", book)
    assert message.title == "报价 恒力 ¥1.00"


def test_a_language_missing_from_the_book_falls_back_to_its_zh_cn_text() -> None:
    book = {"quote_issued": {"zh-CN": Template("报价 {account_name}", "")}}
    assert render("quote_issued", {"account_name": "恒力"}, "en", book).title == "报价 恒力"


@pytest.mark.parametrize(("kind", "language", "title", "body", "field"), [
    ("quote_issued", "zh-CN", "报价 {customer}", "", "title"),
    ("quote_issued", "zh-CN", "报价", "合计 {total", "body"),
    ("quote_issued", "fr", "报价", "", "language"),
    ("no_such_kind", "zh-CN", "x", "", "kind"),
    ("quote_issued", "zh-CN", "  ", "", "title"),
    # a format spec or conversion would fail (or bloat) every message of the kind
    ("quote_issued", "zh-CN", "报价 {total:d}", "", "title"),
    ("quote_issued", "zh-CN", "报价", "{account_name:>99999999}", "body"),
    ("quote_issued", "zh-CN", "报价 {account_name!r}", "", "title"),
    ("quote_issued", "zh-CN", "报价\x00", "", "title"),
])
def test_a_bad_edit_is_refused_naming_the_field(kind: str, language: str, title: str,
                                                body: str, field: str) -> None:
    with pytest.raises(InvalidTemplate) as caught:
        check_edit(kind, language, title, body)
    assert caught.value.field == field


def test_literal_braces_written_doubled_are_text_not_parameters() -> None:
    edited = check_edit("quote_issued", "zh-CN", "报价 {{急}} {account_name}", "")
    assert render("quote_issued", {"account_name": "恒力", "total": "¥1"}, "zh-CN",
                  {"quote_issued": {"zh-CN": edited}}).title == "报价 {急} 恒力"
