"""Tables of field work (visits, their photos, the needs record), in the pipeline's
`metadata` (imported at the end of orm.py, so migrations and drift tests see them)."""

from __future__ import annotations

from servicekit.columns import text_column
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from pipeline.adapters.orm import metadata

visits = Table(
    "visits", metadata,
    Column("id", Uuid, primary_key=True),
    Column("opportunity_id", Uuid, ForeignKey("opportunities.id"), nullable=False),
    Column("rep_id", Text, nullable=False),
    text_column("rep_username"),
    Column("planned_date", Date),                      # set: planned for that day
    Column("checked_in_at", DateTime(timezone=True)),  # NULL: not yet on site
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
    # A planned visit's site once it is checked in (latitude/longitude are then where the
    # rep was); NULL for a visit recorded on the spot.
    Column("site_latitude", Float),
    Column("site_longitude", Float),
    text_column("report"),
    Column("reported_at", DateTime(timezone=True)),
    # Who filed the report ('' before it was kept): the visitor, or their manager or a
    # director filing it on the visitor's behalf (domain/visits.Visit.refusal_to_file).
    text_column("reported_by_id"),
    text_column("reported_by_username"),
    Column("first", Boolean, nullable=False, server_default=text("false")),
    Column("created_by", Text, nullable=False),
    Column("idempotency_key", Text),
    Column("request_hash", Text),  # what the key came with (servicekit.idempotency)
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("created_by", "idempotency_key", name="visits_idempotency"),
    Index("visits_by_deal", "opportunity_id", "created_at"),
    Index("visits_route", "rep_id", "planned_date"),
    # One first visit per deal, whatever races: the 48-hour KPI counts it once.
    Index("visits_one_first", "opportunity_id", unique=True,
          postgresql_where=text("\"first\"")),
)

visit_photos = Table(
    "visit_photos", metadata,
    Column("id", Uuid, primary_key=True),
    Column("visit_id", Uuid, ForeignKey("visits.id"), nullable=False),
    text_column("filename"),
    Column("content_type", Text, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("storage_key", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("visit_photos_by_visit", "visit_id"),
)

needs_records = Table(
    "needs_records", metadata,
    Column("opportunity_id", Uuid, ForeignKey("opportunities.id"), primary_key=True),
    Column("data", JSONB, nullable=False),  # domain.needs.Needs.to_dict()
    Column("complete", Boolean, nullable=False),
    Column("version", Integer, nullable=False),
    Column("updated_by", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Analytics filter stage history by period (cycle time, weekly advances).
stage_changes_at = Index("stage_changes_at", metadata.tables["stage_changes"].c.at)
