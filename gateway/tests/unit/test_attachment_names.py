"""An engineer downloads 总装图-V3.pdf from a work order: a modern browser saves it under
its Chinese name, an old client (a mail gateway, some Android download managers) under
a plain name that still opens as a PDF; no name can break the header or point at a path."""

from __future__ import annotations

from gateway.disposition import ascii_stand_in, attachment


def test_a_chinese_name_keeps_its_extension_for_old_clients() -> None:
    header = attachment("总装图-V3.pdf", ascii_stand_in("总装图-V3.pdf"))
    assert header.startswith('attachment; filename="attachment.pdf"; ')
    assert header.endswith("filename*=UTF-8''%E6%80%BB%E8%A3%85%E5%9B%BE-V3.pdf")


def test_a_plain_name_is_its_own_stand_in() -> None:
    assert ascii_stand_in("drawing_v2.dwg") == "drawing_v2.dwg"


def test_slashes_quotes_and_dots_cannot_name_a_path_or_end_the_header() -> None:
    assert ascii_stand_in("../../etc/passwd") == "attachment"
    assert ascii_stand_in("..") == "attachment"
    assert ascii_stand_in('报价"; filename="x.exe') == "attachment.exe"  # what it ends in
    header = attachment('a/b"; c.pdf', ascii_stand_in('a/b"; c.pdf'))
    assert header.count('"') == 2 and "%2F" in header and "%22" in header and "%3B" in header
