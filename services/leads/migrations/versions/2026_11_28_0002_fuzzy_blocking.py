"""Indexes that block the import's fuzzy company match.

A stored lead is a fuzzy candidate for an imported row only if it has the same contact
name and its company key shares the first or the last character with the row's, or the
two keys are long enough together to allow two edits (domain/import_matching.py says
why that loses no match). Each branch is an index lookup; before, every namesake was
compared, which grew with the table (hundreds of 王伟 per 100k leads).

Revision ID: 20261128_fuzzy_blocking
Revises: 20261128_import_dedupe
Create Date: 2026-11-28
"""

from alembic import op

revision = "20261128_fuzzy_blocking"
down_revision = "20261128_import_dedupe"
branch_labels = None
depends_on = None

_NAMED = "contact_key <> '' AND company_key <> ''"
_INDEXES = {"leads_contact_company_first": "left(company_key, 1)",
            "leads_contact_company_last": "right(company_key, 1)",
            "leads_contact_company_length": "length(company_key)"}


def upgrade() -> None:
    for name, expression in _INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON leads (contact_key, {expression}) WHERE {_NAMED}")


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, "leads")
