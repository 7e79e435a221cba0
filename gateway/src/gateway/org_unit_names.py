"""The names of regions, departments, intake sources and people as admins type them and
read them: one spelling per name (pure: no I/O).

「华东  一区」 and 「华东 一区」 (or one typed with a full-width space 「华东　一区」) look the
same in every list, export and assignment reason, so they must not be two regions. A name
is therefore stored tidied — trimmed, each run of whitespace (ASCII, full-width U+3000,
no-break) one ASCII space — and names are compared tidied, so a row stored before this
rule, with its double space, still blocks its look-alike without a data migration.
A control or invisible format character (newline, tab, zero-width space, a bidi override)
has no place in a name and is refused rather than silently dropped: what the admin sees
would not be what was saved.

Two names that read alike are one name even when their spelling differs: 「销售 部」 next to
「销售部」 (a space between Chinese characters is invisible in a dropdown and unheard when
said), 「ＡＢＣ部」 (full-width, as a Chinese IME types it) next to 「ABC部」, 「Sales」 next to
「SALES」. So names are compared by `name_key` — NFKC, case folded, without whitespace —
while each keeps the spelling its admin chose.

Intake sources' display names and people's display names are stored tidied the same way
(`TIDIED`), so an export's 来源 or 姓名 column never holds what the screen does not show;
two people may share a name, so theirs are tidied but not held unique."""

from __future__ import annotations

import unicodedata
from typing import Any

from pydantic import BeforeValidator

CONTROL = "名称不能包含换行、制表符等控制字符或零宽空格等不可见字符"
_INVISIBLE = frozenset({"Cc", "Cf"})  # control; format (U+200B, U+202E, U+FEFF …)


def name_key(name: str) -> str:
    """What two names are compared by: what a reader tells apart, not how it was typed."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def tidy_name(name: str) -> str:
    """The name to store; ValueError (zh-CN) for a control or invisible character."""
    if any(unicodedata.category(ch) in _INVISIBLE for ch in name):
        raise ValueError(CONTROL)
    return spaced(name)


def spaced(name: str) -> str:
    """A name as stored tidied, for comparing one stored before names were tidied (it
    may hold a double space, and is not refused for an old control character)."""
    return " ".join(name.split())


def _tidy_typed(value: Any) -> Any:
    # Before the str checks, so the length limits count the tidied name; a non-string
    # is left for pydantic to refuse as 「必须是字符串」.
    return tidy_name(value) if isinstance(value, str) else value


# A name field of a request body: `Annotated[str, Field(min_length=1, ...), TIDIED]`
# (after the Field, so it runs before its checks and they count the tidied name).
TIDIED = BeforeValidator(_tidy_typed)
