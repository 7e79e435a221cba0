"""Accounts (customer companies) and the key that says two names are one company.

`account_key` is the shared company key (`servicekit.company_names`, the one the leads
dedupe uses) without stripping city prefixes: accounts match on the key alone, so
苏州精工机械 and 无锡精工机械 must stay two companies; the leads service can strip cities
because its match also needs the same contact. Pure; no I/O.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from servicekit.company_names import company_key

MAX_NAME = 200
SCALES = ("lt50", "50_200", "200_1000", "gt1000")  # people; the leads service's codes


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    key: str
    industry: str = ""
    province: str = ""
    scale: str = ""       # lt50 / 50_200 / 200_1000 / gt1000 (people), as leads


def clean_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split())


def account_key(name: str) -> str:
    return company_key(clean_name(name), strip_cities=False)
