"""Rule names are unique ignoring case in every script, as lead search folds case: the
index of 20261206_rule_names was on `lower(name)`, which under our clusters' C ctype folds
A-Z only, so 「ΣΟΦΙΑ」 and 「σοφια」, 「Straße」 and 「STRASSE」 could both be saved and a lead's
`assignment_reason` named either. The index is now on `casefold(name COLLATE
pg_unicode_fast)` (PostgreSQL 18, as 20261205_search_casefold). Rules that only this
folding finds to share a name keep the first (by position); the others get 「（2）」...

Revision ID: 20261206_rule_names_casefold
Revises: 20261206_rule_names
Create Date: 2026-12-06
"""

from alembic import op

revision = "20261206_rule_names_casefold"
down_revision = "20261206_rule_names"
branch_labels = None
depends_on = None

FOLDED = "casefold(name COLLATE pg_unicode_fast)"


def upgrade() -> None:
    op.drop_index("assignment_rules_name_key", "assignment_rules")
    op.execute(f"""
        UPDATE assignment_rules AS r SET name = r.name || '（' || d.n || '）'
        FROM (SELECT id, row_number() OVER (PARTITION BY {FOLDED} ORDER BY position, id)
              AS n FROM assignment_rules) AS d
        WHERE r.id = d.id AND d.n > 1""")
    op.execute(f"CREATE UNIQUE INDEX assignment_rules_name_key ON assignment_rules ({FOLDED})")


def downgrade() -> None:
    op.drop_index("assignment_rules_name_key", "assignment_rules")
    op.execute("CREATE UNIQUE INDEX assignment_rules_name_key ON assignment_rules (lower(name))")
