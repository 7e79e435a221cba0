"""Import jobs: the uploaded file (in chunks), the job's state and counters, failed rows.

The file lives in the database rather than on a local disk so any replica can pick the
job up, and a restart resumes it: the worker claims a job with FOR UPDATE SKIP LOCKED
and holds a lease (`lease_until`, also the claim's fencing token) that a heartbeat renews
while the job runs (service_layer/import_lease.py).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from leads.adapters.orm import leads, metadata


def _count(name: str) -> Column[int]:
    return Column(name, Integer, nullable=False, server_default=text("0"))


imports = Table(
    "imports",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("created_by", Text, nullable=False),
    Column("idempotency_key", Text),
    Column("filename", Text, nullable=False, server_default=text("''")),
    Column("format", Text, nullable=False),  # xlsx | csv
    # uploading -> queued -> running -> done | failed
    Column("state", Text, nullable=False, server_default=text("'uploading'")),
    _count("rows_total"), _count("rows_done"), _count("rows_created"),
    _count("rows_merged"), _count("rows_failed"), _count("size_bytes"),
    Column("headers", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("error", Text, nullable=False, server_default=text("''")),
    Column("lease_until", DateTime(timezone=True)),
    # The worker (import_lease.WORKER: host, pid) that claimed it last, for operators.
    Column("worker", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("finished_at", DateTime(timezone=True)),
    # The uploaded file's digest: a repeated key must come with the same file.
    Column("file_sha256", Text),
    # Who uploaded it as what (migration 20261207): a rep's own leads stay theirs.
    Column("uploader_role", Text, nullable=False, server_default=text("''")),
    Column("uploader_username", Text, nullable=False, server_default=text("''")),
    Column("uploader_region_id", Text, nullable=False, server_default=text("''")),
    _count("rows_warned"),  # imported with a bad optional cell dropped
    UniqueConstraint("created_by", "idempotency_key", name="imports_created_by_key"),
    # The import list: an uploader's imports in page order (migration 20261205).
    Index("imports_by_uploader", "created_by", "created_at", "id"),
    Index("imports_pending", "created_at", postgresql_where=text("state IN ('queued', 'running')")),
)

import_chunks = Table(
    "import_chunks",
    metadata,
    Column("import_id", Uuid, ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

import_errors = Table(
    "import_errors",
    metadata,
    Column("import_id", Uuid, ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True),
    Column("row_number", Integer, primary_key=True),
    Column("values", JSONB, nullable=False),
    Column("reason", Text, nullable=False),
    # Imported all the same, without the bad optional cells `reason` names.
    Column("warning", Boolean, nullable=False, server_default=text("false")),
)

# Per owner, the import's new leads placed with them and rows that were their customers.
import_owners = Table(
    "import_owners",
    metadata,
    Column("import_id", Uuid, ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True),
    Column("owner_id", Text, primary_key=True),
    _count("assigned"), _count("returned"),
)

# Fuzzy candidates (adapters/namesakes.py, intake and the import alike): namesakes whose
# company key shares its first or its last character, or is long enough for two edits
# (domain/import_matching.may_be_similar), found by index instead of by every namesake.
_NAMED = text("contact_key <> '' AND company_key <> ''")
Index("leads_contact_company_first", leads.c.contact_key, func.left(leads.c.company_key, 1),
      postgresql_where=_NAMED)
Index("leads_contact_company_last", leads.c.contact_key, func.right(leads.c.company_key, 1),
      postgresql_where=_NAMED)
Index("leads_contact_company_length", leads.c.contact_key, func.length(leads.c.company_key),
      postgresql_where=_NAMED)
