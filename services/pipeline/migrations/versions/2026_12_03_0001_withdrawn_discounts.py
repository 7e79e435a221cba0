"""Discounts still `pending` on superseded quotes become `withdrawn`.

A newer version used to leave its predecessor's pending discount pending: approvers'
`GET /quotes?approval=pending` lists kept versions nobody could decide any more (409).
Superseding now withdraws the discount; this brings the rows written before in line.

Revision ID: 20261203_withdrawn_discounts
Revises: 20261202_contract_lists
Create Date: 2026-12-03
"""

from alembic import op

revision = "20261203_withdrawn_discounts"
down_revision = "20261202_contract_lists"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE quotes SET approval = 'withdrawn' "
               "WHERE state = 'superseded' AND approval = 'pending'")


def downgrade() -> None:
    op.execute("UPDATE quotes SET approval = 'pending' "
               "WHERE state = 'superseded' AND approval = 'withdrawn'")
