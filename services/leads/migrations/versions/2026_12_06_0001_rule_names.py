"""Assignment rule names are unique, ignoring case: every assigned lead records the name
of the rule that placed it (`assignment_reason`), and two rules called 「华东大客户」 made
that record ambiguous to the manager reading it, and the rules list to the admin editing
it. Rules saved twice under one name before keep their first (by position) as it is; the
others get 「（2）」, 「（3）」... appended, so nothing is lost and the admin sees which.

Revision ID: 20261206_rule_names
Revises: 20261205_import_worker
Create Date: 2026-12-06
"""

from alembic import op

revision = "20261206_rule_names"
down_revision = "20261205_import_worker"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        UPDATE assignment_rules AS r SET name = r.name || '（' || d.n || '）'
        FROM (SELECT id, row_number() OVER (PARTITION BY lower(name) ORDER BY position, id)
              AS n FROM assignment_rules) AS d
        WHERE r.id = d.id AND d.n > 1""")
    op.execute("CREATE UNIQUE INDEX assignment_rules_name_key ON assignment_rules (lower(name))")


def downgrade() -> None:
    op.drop_index("assignment_rules_name_key", "assignment_rules")
