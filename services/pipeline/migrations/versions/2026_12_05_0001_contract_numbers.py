"""Contracts get a number people can read, quote and file: HT-<year>-<five digits>, counted
per calendar year (Asia/Shanghai) of the contract's creation. The signed document and the
lists showed the contract's UUID.

`contract_numbers` holds each year's last number; a new contract takes the next one in its
own transaction (the year's row is locked until it commits, so numbers never repeat; a
rolled-back draft leaves a gap, as paper contract books do when a form is spoiled).
Existing contracts are numbered in creation order.

Revision ID: 20261205_contract_numbers
Revises: 20261204_request_hash
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "20261205_contract_numbers"
down_revision = "20261204_request_hash"
branch_labels = None
depends_on = None

_YEAR = "extract(year FROM created_at AT TIME ZONE 'Asia/Shanghai')::int"


def upgrade() -> None:
    op.create_table(
        "contract_numbers",
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False))
    op.add_column("contracts", sa.Column("number", sa.Text(), nullable=True))
    op.execute(f"""
        UPDATE contracts c SET number = 'HT-' || n.year || '-' || lpad(n.seq::text, 5, '0')
          FROM (SELECT id, {_YEAR} AS year,
                       row_number() OVER (PARTITION BY {_YEAR} ORDER BY created_at, id) AS seq
                  FROM contracts) n
         WHERE n.id = c.id""")
    op.execute(f"""
        INSERT INTO contract_numbers (year, last)
        SELECT {_YEAR}, count(*) FROM contracts GROUP BY 1""")
    op.alter_column("contracts", "number", nullable=False)
    op.create_unique_constraint("contracts_number", "contracts", ["number"])


def downgrade() -> None:
    op.drop_constraint("contracts_number", "contracts")
    op.drop_column("contracts", "number")
    op.drop_table("contract_numbers")
