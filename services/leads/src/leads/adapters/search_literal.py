"""A lead's search bigrams (leads.domain.search) as one text[] literal, for the bulk
inserts to cast row by row.

Why a literal: the intake batch sends each column as one array parameter, and unnest
would flatten an array of arrays into one; the import COPYs its rows, and asyncpg encodes
a text[] element by element (~4 us a lead, measured on 100k leads, against ~1.5 us to build
and send the literal). PostgreSQL's cast costs what receiving the array did.
"""

from __future__ import annotations

from leads.domain.search import search_grams


def search_literal(name: str, company: str) -> str:
    """'{"王芳","云南",...}': each bigram quoted, so commas, braces, spaces and NULL are
    plain text; only quotes and backslashes need escaping, and seldom occur."""
    grams = search_grams(name, company)
    if '"' in (joined := "".join(grams)) or "\\" in joined:
        grams = [gram.replace("\\", "\\\\").replace('"', '\\"') for gram in grams]
    return '{"' + '","'.join(grams) + '"}' if grams else "{}"
