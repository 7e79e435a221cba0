"""Leads are searched through one stored column of bigrams instead of two indexes on the
`bigrams()` SQL function; merges the schema's four heads into one.

`leads_name_bigrams` and `leads_company_bigrams` ran `bigrams()` through the SQL-function
executor (it cannot be inlined into an index expression) twice for every inserted row:
measured on 100k leads COPYed into the table, 9.2 s of PostgreSQL CPU with them, 3.1 s
without, 3.7 s with one GIN index on a column the application filled. So:
`search_grams` holds the distinct bigrams of name and company (leads.domain.search), the
bulk write paths compute it in Python, and one GIN index on it replaces the two.

Whatever writes a lead without it (an ORM insert, a hand-written one) or edits a name or
company gets it from a trigger calling `bigrams()`, which stays (the search computes the
query's bigrams with it). The function is called schema-qualified: a trigger runs under
the search_path of whoever writes, e.g. an operator's psql session.

Revision ID: 20261204_search_grams
Revises: 20261202_reply_request_hash, 20261202_import_file_sha256, 20261203_import_clocks
(every head: one from here on)
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "20261204_search_grams"
down_revision = ("20261202_reply_request_hash", "20261202_import_file_sha256",
                 "20261203_import_clocks")
branch_labels = None
depends_on = None

COLUMNS = ("name", "company")
# bigrams(name) ∪ bigrams(company), of the row `row` ("NEW." in the trigger).
_GRAMS = ("ARRAY(SELECT DISTINCT g FROM unnest({s}.bigrams({row}name) || "
          "{s}.bigrams({row}company)) AS g)")


def upgrade() -> None:
    schema = op.get_bind().execute(sa.text("SELECT quote_ident(current_schema())")).scalar()
    op.add_column("leads", sa.Column("search_grams", ARRAY(sa.Text)))
    op.execute(f"""
        CREATE FUNCTION leads_search_grams() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.search_grams := {_GRAMS.format(s=schema, row="NEW.")};
            RETURN NEW;
        END $$""")
    # An insert that supplies the bigrams (the intake and import batches) skips the
    # function: that is the point. An update supplying new ones keeps them too.
    op.execute("""
        CREATE TRIGGER leads_search_grams_insert BEFORE INSERT ON leads FOR EACH ROW
        WHEN (NEW.search_grams IS NULL) EXECUTE FUNCTION leads_search_grams()""")
    op.execute("""
        CREATE TRIGGER leads_search_grams_update BEFORE UPDATE OF name, company ON leads
        FOR EACH ROW WHEN ((NEW.name IS DISTINCT FROM OLD.name
                            OR NEW.company IS DISTINCT FROM OLD.company)
                           AND NEW.search_grams IS NOT DISTINCT FROM OLD.search_grams)
        EXECUTE FUNCTION leads_search_grams()""")
    op.execute(f"UPDATE leads SET search_grams = {_GRAMS.format(s=schema, row='')}")
    op.alter_column("leads", "search_grams", nullable=False)
    op.execute("CREATE INDEX leads_search_grams ON leads USING gin (search_grams)")
    for name in COLUMNS:
        op.drop_index(f"leads_{name}_bigrams", "leads")


def downgrade() -> None:
    for name in COLUMNS:
        op.execute(f"CREATE INDEX leads_{name}_bigrams ON leads USING gin (bigrams({name}))")
    op.execute("DROP TRIGGER leads_search_grams_update ON leads")
    op.execute("DROP TRIGGER leads_search_grams_insert ON leads")
    op.execute("DROP FUNCTION leads_search_grams()")
    op.drop_column("leads", "search_grams")  # drops its index too
