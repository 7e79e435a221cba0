"""Rows written before superseded versions and lost deals closed their paperwork:

- a discount still `pending` on a superseded quote, or on any live quote of a lost deal,
  becomes `withdrawn` (approvers' `GET /quotes?approval=pending` kept versions nobody
  could decide any more);
- an unsigned contract of a lost deal becomes `cancelled`: the open steps of its current
  round `cancelled`, their unfired reminder/escalation rows fired, its open signing links
  `superseded` (what `service_layer/deal_lost.py` now does when a deal is lost).

Revision ID: 20261203_closed_paperwork
Revises: 20261202_contract_lists
Create Date: 2026-12-03
"""

from alembic import op

revision = "20261203_closed_paperwork"
down_revision = "20261202_contract_lists"
branch_labels = None
depends_on = None

_VOID = ("SELECT c.id, c.round FROM contracts c JOIN opportunities o ON o.id = c.opportunity_id "
         "WHERE o.status = 'lost' AND c.status NOT IN ('signed', 'cancelled')")


def upgrade() -> None:
    op.execute("UPDATE quotes q SET approval = 'withdrawn' FROM opportunities o "
               "WHERE o.id = q.opportunity_id AND q.approval = 'pending' "
               "AND (q.state = 'superseded' OR o.status = 'lost')")
    op.execute(f"UPDATE approval_deadlines d SET fired_at = now() "
               f"FROM approval_steps s, ({_VOID}) v WHERE d.step_id = s.id "
               f"AND s.contract_id = v.id AND s.round = v.round AND s.status = 'pending' "
               f"AND d.fired_at IS NULL")
    op.execute(f"UPDATE approval_steps s SET status = 'cancelled' FROM ({_VOID}) v "
               f"WHERE s.contract_id = v.id AND s.round = v.round "
               f"AND s.status IN ('waiting', 'pending')")
    op.execute(f"UPDATE signature_requests r SET status = 'superseded' FROM ({_VOID}) v "
               f"WHERE r.contract_id = v.id AND r.status = 'open'")
    op.execute(f"UPDATE contracts c SET status = 'cancelled' FROM ({_VOID}) v WHERE c.id = v.id")


def downgrade() -> None:
    # Only the discounts go back: which steps were waiting or pending is not kept.
    op.execute("UPDATE quotes SET approval = 'pending' WHERE approval = 'withdrawn'")
