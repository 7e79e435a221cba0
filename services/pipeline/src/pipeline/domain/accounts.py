"""Accounts (customer companies) and the key that says two names are one company.

`account_key` mirrors the leads service's company key (services/leads/domain/company.py)
in its essentials: NFKC (full-width → half-width), case-folded, bracketed province names
dropped, legal suffixes (股份有限公司, 有限公司, 集团, Co., Ltd. ...) stripped from the end,
a leading province name stripped, punctuation and spaces removed, never below two
characters. It does not strip city prefixes: the pipeline only needs an exact key for
names that already passed the leads dedupe; fuzzy matching of customers stays there.
Pure; no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from servicekit.provinces import FULL_NAMES

_SUFFIXES = sorted(("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团公司", "集团",
                    "公司", "分公司", "co.,ltd.", "co.,ltd", "co., ltd.", "co., ltd", "co ltd",
                    "ltd.", "ltd", "inc.", "inc", "corp.", "corp", "limited", "group"),
                   key=len, reverse=True)
_PROVINCES = sorted({*FULL_NAMES, *FULL_NAMES.values()}, key=len, reverse=True)
_BRACKETED = re.compile(r"\(([^)]*)\)")
_NOISE = re.compile(r"[\s.,·\-_'\"&()]+")
_MIN_KEY = 2
MAX_NAME = 200


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    key: str
    industry: str = ""
    province: str = ""


def clean_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split())


def account_key(name: str) -> str:
    text = clean_name(name).casefold()
    text = _BRACKETED.sub(lambda m: "" if m.group(1).strip() in _PROVINCES else m.group(1), text)
    text = _strip(text, _SUFFIXES, end=True)
    text = _strip(text, _PROVINCES, end=False)
    return _NOISE.sub("", text)


def _strip(text: str, words: list[str], *, end: bool) -> str:
    changed = True
    while changed:
        changed = False
        for word in words:
            hit = text.endswith(word) if end else text.startswith(word)
            rest = (text[: -len(word)] if end else text[len(word):]).strip(" ,.")
            if hit and len(rest) >= _MIN_KEY:
                text, changed = rest, True
                break
    return text
