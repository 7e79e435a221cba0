"""Searching leads by a Chinese name or company fragment uses an index: bigram GIN indexes
on name and company replace their pg_trgm ones.

pg_trgm builds trigrams from "word characters" as the database's LC_CTYPE defines them; in
the C ctype of our clusters no CJK character is one, so `show_trgm('云南液压613有限公司')`
is only the trigrams of "613", and a search for 王芳 or 液压 got every row back from the
index to recheck: a full read of the leads table (35k buffers, ~190 ms at 300k leads) for
each search, and the list's main search box is a name. Even under a UTF-8 ctype a
two-character query, the usual length of a Chinese name, has no trigram at all.

`bigrams(text)` is every two-character substring, lower-cased: a lead contains the query
only if its bigrams contain the query's, whatever the ctype, from two characters up; the
ILIKE stays as the exact test. Phone keeps its trigram index (digits are word characters).
The two indexes replace two, so writes pay about what they paid.

Revision ID: 20261201_bigram_search
Revises: 20261201_lists_in_index_order, 20261127_0001_quality_lists (which made the
trigram indexes, on a branch of its own)
Create Date: 2026-12-01
"""

from alembic import op

revision = "20261201_bigram_search"
down_revision = ("20261201_lists_in_index_order", "20261127_0001_quality_lists")
branch_labels = None
depends_on = None

COLUMNS = ("name", "company")


def upgrade() -> None:
    # In the migrated schema (search_path), beside the table its indexes read.
    op.execute("""
        CREATE FUNCTION bigrams(value text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
            SELECT ARRAY(SELECT DISTINCT substr(lower(value), i, 2)
                           FROM generate_series(1, char_length(value) - 1) AS i)
        $$""")
    for name in COLUMNS:
        op.drop_index(f"leads_{name}_trgm", "leads")
        op.execute(f"CREATE INDEX leads_{name}_bigrams ON leads USING gin (bigrams({name}))")


def downgrade() -> None:
    for name in COLUMNS:
        op.drop_index(f"leads_{name}_bigrams", "leads")
        op.execute(f"CREATE INDEX leads_{name}_trgm ON leads USING gin "
                   f"({name} public.gin_trgm_ops)")
    op.execute("DROP FUNCTION bigrams(text)")
