"""pipe-quotes: product catalogue, discount limits, versioned quotes and their lines;
accounts.scale for "similar customers".

Revision ID: 20261129_pipe_quotes
Revises: 20261128_pipeline_core
Create Date: 2026-11-29

The default discount limits are inserted here (rep 5 %, manager 15 %, director 30 %):
they are configuration every deployment needs, edited later over the API. The demo
catalogue is not: it is demo data, seeded only in demo mode by the service.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "20261129_pipe_quotes"
down_revision = "20261128_pipeline_core"
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=False, server_default=sa.text("''"))


def _at(name: str, *, required: bool = False) -> sa.Column:
    if required:
        return sa.Column(name, sa.DateTime(timezone=True), nullable=False,
                         server_default=sa.func.now())
    return sa.Column(name, sa.DateTime(timezone=True))


def upgrade() -> None:
    op.add_column("accounts", _text("scale"))
    op.create_table(
        "products",
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("list_price_fen", sa.BigInteger, nullable=False),
        sa.Column("unit", sa.Text, nullable=False, server_default=sa.text("'台'")),
        sa.Column("fits", ARRAY(sa.Text), nullable=False, server_default=sa.text("'{}'")),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.text("true")),
        _text("updated_by"), _at("created_at", required=True), _at("updated_at", required=True))
    limits = op.create_table(
        "discount_limits",
        sa.Column("role", sa.Text, primary_key=True),
        sa.Column("max_bp", sa.Integer, nullable=False),
        _text("updated_by"), _at("updated_at", required=True))
    op.bulk_insert(limits, [{"role": "rep", "max_bp": 500, "updated_by": "system"},
                            {"role": "manager", "max_bp": 1500, "updated_by": "system"},
                            {"role": "director", "max_bp": 3000, "updated_by": "system"}])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("opportunity_id", sa.Uuid, sa.ForeignKey("opportunities.id"),
                  nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("approval", sa.Text, nullable=False),
        _text("approval_role"),
        sa.Column("subtotal_fen", sa.BigInteger, nullable=False),
        sa.Column("discount_bp", sa.Integer, nullable=False),
        sa.Column("discount_fen", sa.BigInteger, nullable=False),
        sa.Column("total_fen", sa.BigInteger, nullable=False),
        _text("note"),
        sa.Column("created_by", sa.Text, nullable=False),
        _at("created_at", required=True),
        sa.Column("idempotency_key", sa.Text),
        _text("decided_by"), _at("decided_at"), _text("decision_comment"),
        _text("issued_by"), _at("issued_at"),
        _text("accepted_by"), _at("accepted_at"),
        sa.UniqueConstraint("opportunity_id", "version", name="quotes_version"),
        sa.UniqueConstraint("created_by", "idempotency_key", name="quotes_idempotency"))
    op.create_index("quotes_page", "quotes", ["created_at", "id"])
    op.create_index("quotes_state", "quotes", ["state"])
    op.create_table(
        "quote_lines",
        sa.Column("quote_id", sa.Uuid, sa.ForeignKey("quotes.id"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("product_code", sa.Text, nullable=False),
        sa.Column("product_name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        _text("unit"),
        sa.Column("quantity", sa.Integer, nullable=False),
        sa.Column("unit_price_fen", sa.BigInteger, nullable=False),
        sa.Column("line_total_fen", sa.BigInteger, nullable=False))
    op.create_index("quote_lines_product", "quote_lines", ["product_code"])


def downgrade() -> None:
    op.drop_table("quote_lines")
    op.drop_table("quotes")
    op.drop_table("discount_limits")
    op.drop_table("products")
    op.drop_column("accounts", "scale")
