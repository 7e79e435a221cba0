"""Approval steps record the discount (basis points) they answer for, so a delegate can be
held to the power that picked the approver (a director's 25 % step must not go to a
manager whose limit is 15 %). New steps get it at submission (contract_discount).

Existing open steps (waiting or pending) that answer for a discount are recognised by the
reason written on them then ("…，须<角色>审批") and get the discount their contract's
current price implies against its quote, as contract_discount.cut_of measures it (rounded
up to the whole basis point). Every other step gets 0 (no discount power needed).

Revision ID: 20261207_step_discount_power
Revises: 20261206_step_reason
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "20261207_step_discount_power"
down_revision = "20261206_step_reason"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("approval_steps", sa.Column("discount_bp", sa.Integer(), nullable=False,
                                              server_default=sa.text("0")))
    op.execute("""
        UPDATE approval_steps s
           SET discount_bp = ((f.base - f.price) * 10000 + f.base - 1) / f.base
          FROM (SELECT c.id, (v.terms->>'price_fen')::bigint AS price, q.total_fen,
                       greatest(q.subtotal_fen, q.total_fen) AS base
                  FROM contracts c
                  JOIN quotes q ON q.id = c.quote_id
                  JOIN LATERAL (SELECT terms FROM contract_versions cv
                                 WHERE cv.contract_id = c.id
                                 ORDER BY cv.version DESC LIMIT 1) v ON true) f
         WHERE f.id = s.contract_id AND s.status IN ('waiting', 'pending')
           AND s.reason LIKE '%，须%审批' AND f.total_fen > 0 AND f.price < f.total_fen""")


def downgrade() -> None:
    op.drop_column("approval_steps", "discount_bp")
