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
ΣΊΣΥΦΟΣ → σίσυφοσ; Chinese has no case. A test compares the two for every code point: they
agree on every character Python's Unicode version knows (Unicode keeps an assigned
character's folding stable); only letters newer than it (Unicode 16's Garay, a few Latin)
fold in PostgreSQL alone. Full-width letters arrive half-width (domain.normalise and the
query's LeadFilter), so Ａ is a plain a before it is folded.
"""

from __future__ import annotations

from operator import add


def fold(text: str) -> str:
    """The text as the search compares it (the SQL side: `casefold(text COLLATE
    pg_unicode_fast)`)."""
    return text.casefold()


def search_grams(name: str, company: str) -> list[str]:
    """The distinct two-character substrings of the folded name and of the folded company
    (none across the two: nobody searches for the end of a name and the start of a
    company), in no particular order; as `bigrams(name) ∪ bigrams(company)` in SQL."""
    grams: set[str] = set()
    for text in (name, company):
        folded = text.casefold()  # ß → ss: a one-letter text can have a bigram
        grams.update(map(add, folded, folded[1:]))
    return list(grams)
