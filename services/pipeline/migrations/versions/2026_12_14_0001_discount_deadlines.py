"""A waiting quote discount is chased as a contract step is: `discount_deadlines` holds
its reminder (level 1) and escalation (level 2) rows, fired by the `discount_deadlines`
job. Discounts already waiting get theirs counted from when the quote was saved, one and
two calendar days on (a migration does not read the working calendar); those already
past fire once, on the first tick.

Revision ID: 20261214_discount_deadlines
Revises: 20261213_successors_backfill
Create Date: 2026-12-14
"""

import sqlalchemy as sa
from alembic import op

revision = "20261214_discount_deadlines"
down_revision = "20261213_successors_backfill"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "discount_deadlines",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("quote_id", sa.Uuid(), sa.ForeignKey("quotes.id"), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True)),
    )
    op.create_index("discount_deadlines_due", "discount_deadlines", ["due_at"],
                    postgresql_where=sa.text("fired_at IS NULL"))
    op.create_index("discount_deadlines_quote", "discount_deadlines", ["quote_id"])
    op.execute("INSERT INTO discount_deadlines (id, quote_id, level, due_at) "
               "SELECT gen_random_uuid(), q.id, l.level, q.created_at + l.wait "
               "FROM quotes q CROSS JOIN (VALUES (1, interval '1 day'), "
               "(2, interval '2 days')) AS l(level, wait) "
               "WHERE q.state = 'draft' AND q.approval = 'pending'")


def downgrade() -> None:
    op.drop_index("discount_deadlines_quote", table_name="discount_deadlines")
    op.drop_index("discount_deadlines_due", table_name="discount_deadlines")
    op.drop_table("discount_deadlines")
