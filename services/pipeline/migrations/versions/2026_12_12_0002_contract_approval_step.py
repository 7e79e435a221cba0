"""合同内部审批 (approve_contract) becomes a system step: ticked when the contract's approval
completes, unticked when that approval ends (terms revised, deal sent back before 报价,
contract void), and a manual tick is refused. Open deals whose latest contract is approved
or signed, without the tick, get it now (done_by the last approver) — otherwise nobody
could tick it any more and the deal could not be won. Hand ticks made before on a contract
not approved are left as they were: they are people's records, and the 签约 gate reads
the contract itself, not the tick.

Revision ID: 20261212_contract_approval_step
Revises: 20261212_owner_successors
Create Date: 2026-12-12
"""

from alembic import op

revision = "20261212_contract_approval_step"
down_revision = "20261212_owner_successors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        INSERT INTO step_checks (opportunity_id, step_id, done_by, done_at)
        SELECT o.id, 'approve_contract', coalesce(s.decided_by, ''),
               coalesce(s.decided_at, c.created_at)
        FROM opportunities o
        JOIN process_versions pv ON pv.version = o.process_version
        JOIN LATERAL (SELECT * FROM contracts c WHERE c.opportunity_id = o.id
                      ORDER BY c.created_at DESC LIMIT 1) c ON true
        LEFT JOIN LATERAL (SELECT st.decided_by, st.decided_at FROM approval_steps st
                           WHERE st.contract_id = c.id AND st.round = c.round
                             AND st.status = 'approved'
                           ORDER BY st.position DESC LIMIT 1) s ON true
        WHERE o.status = 'open' AND c.status IN ('approved', 'signed')
          AND jsonb_path_exists(pv.stages, '$[*].steps[*] ? (@.id == "approve_contract")')
        ON CONFLICT DO NOTHING""")


def downgrade() -> None:
    pass  # the ticks stay: they say what happened
