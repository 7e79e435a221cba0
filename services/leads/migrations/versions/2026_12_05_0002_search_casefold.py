"""Lead search ignores case in every script, not only for ASCII: `bigrams()` folds with
`casefold(value COLLATE pg_unicode_fast)` instead of `lower(value)`.

Our clusters run with the C ctype (servicekit.devstack's --no-locale; CloudNativePG's
default), where lower() and ILIKE fold A-Z only: a lead named ÉCOLE Müller was not found
by "école", nor ПЕТРОВ by "петров". PostgreSQL 18's casefold() under the builtin provider's
pg_unicode_fast collation is Unicode full case folding from PostgreSQL's own tables, the
same whatever the cluster's locale, and the same as leads.domain.search.fold (Python's
str.casefold(), plus the letters newer than its Unicode), which fills the bulk writes; a
test compares every code point. The list's exact test becomes casefold(name) LIKE fold(q)
(adapters/lead_queries.py); the trigger of 20261204_search_grams calls bigrams() and so
folds too.

Existing rows: only a lead whose name or company holds a non-ASCII character that folds
(`casefold(x) <> lower(x COLLATE "C")`) gets other bigrams now; those are recomputed.
Leads the bulk paths stored kept, besides, their Python lower-cased bigrams: a superset
costs a few index keys and changes no answer (the exact test decides).

Revision ID: 20261205_search_casefold
Revises: 20261205_imports_by_uploader
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "20261205_search_casefold"
down_revision = "20261205_imports_by_uploader"
branch_labels = None
depends_on = None

_BIGRAMS = """
    CREATE OR REPLACE FUNCTION bigrams(value text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT ARRAY(SELECT DISTINCT substr(folded, i, 2)
                       FROM {fold} AS folded,
                            generate_series(1, char_length(folded) - 1) AS i)
    $$"""
FOLDED = "casefold(value COLLATE pg_unicode_fast)"
LOWERED = "lower(value)"
# The leads whose bigrams differ between the two foldings: a non-ASCII letter that folds.
_CHANGED = " OR ".join(f'casefold({c} COLLATE pg_unicode_fast) COLLATE "C" '
                       f'<> lower({c} COLLATE "C")' for c in ("name", "company"))


def _recompute(schema: str) -> None:
    op.execute(f"""
        UPDATE leads SET search_grams = ARRAY(
            SELECT DISTINCT g FROM unnest({schema}.bigrams(name) || {schema}.bigrams(company))
                                   AS g)
        WHERE {_CHANGED}""")


def upgrade() -> None:
    op.execute(_BIGRAMS.format(fold=FOLDED))
    _recompute(_schema())


def downgrade() -> None:
    op.execute(_BIGRAMS.format(fold=LOWERED))
    _recompute(_schema())


def _schema() -> str:
    return str(op.get_bind().execute(sa.text("SELECT quote_ident(current_schema())")).scalar())
