"""Counts in English texts: "1 lead", "2 leads", "0 leads". zh-CN needs no plural
(「1 条线索」), so only `_en` parameters are worded here. The bare number stays a
parameter of its own ({count}, {days}): admins' edited texts that use it keep rendering.
Pure; no I/O."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str = "") -> str:
    """`n` and the noun in the number it takes; `plural` for a noun not made with "s"."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
