"""报价内部审批 (approve_quote) and 客户签署合同 (customer_signs) become system steps: the
service ticks them when a quote is approved (or needs no approval) and when the customer
signs, and a manual tick is refused. Open deals whose quote was approved or whose contract
was signed before, without the tick, get it now — otherwise nobody could ever tick it and
the deal could not leave 报价 / be won. Only where the deal's process version has the step.

Revision ID: 20261210_system_steps
Revises: 20261210_delegation_ends
Create Date: 2026-12-10
"""

from alembic import op

revision = "20261210_system_steps"
down_revision = "20261210_delegation_ends"
branch_labels = None
depends_on = None

_HAS_STEP = ("jsonb_path_exists(pv.stages, '$[*].steps[*] ? (@.id == $step)', "
             "jsonb_build_object('step', '{step}'))")


def upgrade() -> None:
    op.execute(f"""
        INSERT INTO step_checks (opportunity_id, step_id, done_by, done_at)
        SELECT DISTINCT ON (o.id) o.id, 'approve_quote', q.decided_by,
               coalesce(q.decided_at, q.created_at)
        FROM opportunities o
        JOIN process_versions pv ON pv.version = o.process_version
        JOIN quotes q ON q.opportunity_id = o.id AND q.approval IN ('none', 'approved')
        WHERE o.status = 'open' AND {_HAS_STEP.format(step='approve_quote')}
        ORDER BY o.id, coalesce(q.decided_at, q.created_at)
        ON CONFLICT DO NOTHING""")
    op.execute(f"""
        INSERT INTO step_checks (opportunity_id, step_id, done_by, done_at)
        SELECT DISTINCT ON (o.id) o.id, 'customer_signs', '', c.signed_at
        FROM opportunities o
        JOIN process_versions pv ON pv.version = o.process_version
        JOIN contracts c ON c.opportunity_id = o.id AND c.signed_at IS NOT NULL
        WHERE o.status = 'open' AND {_HAS_STEP.format(step='customer_signs')}
        ORDER BY o.id, c.signed_at
        ON CONFLICT DO NOTHING""")


def downgrade() -> None:
    pass  # the ticks stay: they say what happened
