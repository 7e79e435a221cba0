"""What a lead is found by in the list's search box: the bigrams of its name and company.

The list searches `name ILIKE '%q%' OR company ILIKE '%q%'`; a lead can contain q only if
its two-character substrings, lower-cased, contain q's, so one GIN index over those
(`leads.search_grams`) narrows the search and the ILIKE stays the exact test
(adapters/lead_queries.py). The SQL function `bigrams(text)` (migration
20261201_bigram_search) defines them; computing them here, on the paths that insert many
leads, spares PostgreSQL running that SQL function twice a row, which was two thirds of
its CPU per inserted lead. Other writes get them from a trigger calling `bigrams()`.

Lower-casing: PostgreSQL's lower() (which ILIKE compares by too) follows the cluster's
ctype. Ours are initialised without a locale (servicekit.devstack), so it lowers ASCII
letters only, and `search_grams` gives exactly `bigrams(name) ∪ bigrams(company)`. A text
with other cased letters (Ä, Σ) also gets the bigrams of its Unicode lower-casing: a
superset costs the index a few keys, and keeps such a lead findable on a cluster with a
linguistic ctype, where bigrams(q) is lowered that way. Chinese has no case: one set.
"""

from __future__ import annotations

import string
from operator import add

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def search_grams(name: str, company: str) -> list[str]:
    """The distinct lower-cased two-character substrings of the name and of the company
    (none across the two: nobody searches for the end of a name and the start of a
    company), in no particular order."""
    grams: set[str] = set()
    for text in (name, company):
        if len(text) < 2:
            continue
        lowered = text.lower()
        grams.update(map(add, lowered, lowered[1:]))
        # Most names and companies have no capital at all: one comparison, not a translate.
        if lowered != text and not text.isascii():
            as_postgres = text.translate(_ASCII_LOWER)  # the C ctype's lower()
            if as_postgres != lowered:
                grams.update(map(add, as_postgres, as_postgres[1:]))
    return list(grams)
