"""What a lead is found by in the list's search box: the bigrams of its name and company,
case-folded.

The list finds a lead when fold(q) is inside fold(name) or fold(company): a lead can
contain it only if its two-character substrings, folded, contain fold(q)'s, so one GIN
index over those (`leads.search_grams`) narrows the search and the folded LIKE is the exact
test (adapters/lead_queries.py). The SQL function `bigrams(text)` defines them (migration
20261205_search_casefold) for the trigger that fills other writes and for the query;
computing them here, on the paths that insert many leads, spares PostgreSQL running that
function twice a row, which was two thirds of its CPU per inserted lead.

Folding is Unicode full case folding, the same on both sides: here `str.casefold()`, in
PostgreSQL `casefold(... COLLATE pg_unicode_fast)` — the builtin provider's own Unicode
tables, so neither the cluster's ctype (ours: C, where lower() and ILIKE fold ASCII only)
nor the operating system's locale data changes it. ÉCOLE → école, Straße → strasse,
ΣΊΣΥΦΟΣ → σίσυφοσ; Chinese has no case. A test compares the two for every code point.
They agree on every character Python's Unicode version knows (Unicode keeps an assigned
character's folding stable); the letters PostgreSQL's newer Unicode added are folded here
from a table, so that a lead written in them is found too. Full-width letters arrive
half-width (domain.normalise and the query's LeadFilter): Ａ is a plain a before folding.
"""

from __future__ import annotations

import re
from operator import add

# Letters of Unicode 15-16 that PostgreSQL 18 folds and Python 3.11 (Unicode 14) does not
# know (a no-op once Python does). A PostgreSQL with a newer Unicode adds letters: the
# code point test (tests/integration/test_search_case.py) then names them for this table.
_NEWER = {0x1C89: 0x1C8A, 0xA7CB: 0x0264, 0xA7CC: 0xA7CD, 0xA7DA: 0xA7DB, 0xA7DC: 0x019B,
          **{garay: garay + 0x20 for garay in range(0x10D50, 0x10D66)}}
_HAS_NEWER = re.compile("[" + "".join(map(chr, _NEWER)) + "]")


def fold(text: str) -> str:
    """The text as the search compares it, as PostgreSQL's `casefold(text COLLATE
    pg_unicode_fast)` does."""
    folded = text.casefold()
    # A search is cheaper than translate(), and the import folds 200k texts per 100k rows.
    return folded.translate(_NEWER) if _HAS_NEWER.search(folded) else folded


def search_grams(name: str, company: str) -> list[str]:
    """The distinct two-character substrings of the folded name and of the folded company
    (none across the two: nobody searches for the end of a name and the start of a
    company), in no particular order; as `bigrams(name) ∪ bigrams(company)` in SQL."""
    grams: set[str] = set()
    for text in (name, company):
        folded = fold(text)  # ß → ss: a one-letter text can have a bigram
        grams.update(map(add, folded, folded[1:]))
    return list(grams)
