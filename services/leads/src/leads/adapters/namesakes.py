"""The one search for stored leads an arrival may duplicate by the fuzzy company rule.

A candidate has the arrival's contact name and a company key that can reach rapidfuzz's
ratio threshold. It is found through the three blocking indexes (same contact and the
same first or last character of the company key, or a pair long enough for two edits;
`domain/import_matching.may_be_similar`, migration 20261128_fuzzy_blocking), and
PostgreSQL drops the pairs whose Indel distance (`levenshtein` with substitution cost 2,
fuzzystrmatch) is too large, so only real contenders travel back; Python
(`dedupe.find_match`) still makes the final call. Intake (one arrival or a batch) and the
import both search this way: taking the newest namesakes instead grew with the table
(a common name such as 王伟 has hundreds) and could miss an older match.
"""

from __future__ import annotations

from leads.domain.dedupe import FUZZY_THRESHOLD
from leads.domain.import_matching import LONG_PAIR

# 10 * d <= len_a + len_b  <=>  ratio = 100 * (1 - d / (len_a + len_b)) >= 90
_SLACK = round(100 / (100 - FUZZY_THRESHOLD))


def close_namesakes(contact: str, company: str, columns: str) -> str:
    """A subquery (for a LATERAL join, or on its own) of `columns` of leads `l` named
    `contact` whose company key is close to `company` (both SQL expressions; `company`
    must not be empty). Each branch stays a per-row index lookup (OFFSET 0: flattened,
    the planner hashed the whole table for the length branch); UNION drops the leads two
    branches both found."""
    close = (f"l.contact_key <> '' AND l.company_key <> ''"
             f" AND {_SLACK} * abs(length(l.company_key) - length({company}))"
             f" <= length(l.company_key) + length({company})"
             f" AND {_SLACK} * public.levenshtein(l.company_key, {company}, 1, 1, 2)"
             f" <= length(l.company_key) + length({company})")
    blocks = (f"left(l.company_key, 1) = left({company}, 1)",
              f"right(l.company_key, 1) = right({company}, 1)",
              f"length(l.company_key) >= {LONG_PAIR} - length({company})")
    return "\nUNION\n".join(
        f"(SELECT {columns} FROM leads l WHERE l.contact_key = {contact} AND {block}"
        f" AND {close} OFFSET 0)" for block in blocks)
