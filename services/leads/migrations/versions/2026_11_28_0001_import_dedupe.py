"""fuzzystrmatch for the import's set-based fuzzy company match.

`public.levenshtein(a, b, 1, 1, 2)` (substitution costs a deletion plus an insertion) is
exactly the Indel distance rapidfuzz's `ratio` is built on, so PostgreSQL can keep only
the candidates that can reach the threshold and the import need not fetch every lead that
shares a contact name. Like pg_trgm it ships with contrib, is trusted, and lives in public.

Revision ID: 20261128_import_dedupe
Revises: 20261127_0001_intake_dedupe
Create Date: 2026-11-28
"""

from alembic import op

revision = "20261128_import_dedupe"
down_revision = "20261127_0001_intake_dedupe"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch WITH SCHEMA public")


def downgrade() -> None:
    op.execute("DROP EXTENSION IF EXISTS fuzzystrmatch")
