"""Tables of the `gateway` schema (the engine's search_path points at it).

The gateway owns people and the org chart: regions with their provinces, departments,
users with their reporting line, which regions a manager manages, and the intake
sources with their API keys (only a SHA-256 of each key is stored).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from servicekit.sealed_columns import SealedText
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

USER_ROLES = ("rep", "manager", "director", "engineer", "finance", "admin")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention={
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    })


def _uuid_pk() -> Mapped[uuid.UUID]:
    return mapped_column(primary_key=True, default=uuid.uuid4)


def _created_at() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class Region(Base):
    __tablename__ = "regions"
    __table_args__ = (
        # At most one default region: ResolveRegion must have a single answer.
        Index("uq_regions_one_default", "is_default", unique=True,
              postgresql_where=text("is_default")),
        UniqueConstraint("created_by", "idempotency_key"),
    )
    id: Mapped[uuid.UUID] = _uuid_pk()
    code: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    is_default: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    created_at: Mapped[datetime] = _created_at()
    # Set by an admin's rename (region_admin.py): a re-run of the seed keeps their name.
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(Text)
    request_hash: Mapped[str | None] = mapped_column(Text)


class ProvinceRegion(Base):
    """Short province name (江苏) -> the region its leads go to."""

    __tablename__ = "province_regions"
    province: Mapped[str] = mapped_column(Text, primary_key=True)
    region_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("regions.id"), index=True)
    # Set when an admin moved it: a re-run of the seed keeps it where they put it.
    moved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Department(Base):
    """A work-order queue (技术部, 交付部 …). Seeded, or created by an admin
    (department_admin.py), who may also name its supervisor."""

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("created_by", "idempotency_key"),)
    id: Mapped[uuid.UUID] = _uuid_pk()
    code: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = _created_at()
    # Who assigns its orders; NULL (or a supervisor since stopped): the member the others
    # report to (departments.py). use_alter: users refer to departments too.
    supervisor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", use_alter=True))
    # Set by an admin's change: a re-run of the seed keeps what they named it.
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(Text)
    request_hash: Mapped[str | None] = mapped_column(Text)
    # Retired (merged into another, closed): kept for history, takes no new members or
    # work orders (department_admin.retire).
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retired_by: Mapped[str | None] = mapped_column(Text)
    # sales (销售部门: takes no work orders) or functional (职能部门), whatever the code:
    # department_schemas.KINDS.
    kind: Mapped[str] = mapped_column(Text, server_default=text("'functional'"))


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN {USER_ROLES!r}", name="role"),
        Index("uq_users_lower_username", func.lower(text("username")), unique=True),
    )
    id: Mapped[uuid.UUID] = _uuid_pk()
    username: Mapped[str] = mapped_column(Text, unique=True)
    display_name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)
    region_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("regions.id"), index=True)
    department_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("departments.id"))
    manager_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    password_hash: Mapped[str | None] = mapped_column(Text)  # argon2; None: cannot log in
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    created_at: Mapped[datetime] = _created_at()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                 server_default=func.now())
    # Tokens issued before this are refused (token_check.py): set on deactivation, a
    # change of what the token claims (role, regions, department) and a new password.
    tokens_valid_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The password was set by an admin (who knows it): the user must choose their own.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=text("false"))
    # The admin's Idempotency-Key of the create ("<admin id>:<key>") and what it asked.
    create_key: Mapped[str | None] = mapped_column(Text, unique=True)
    create_fingerprint: Mapped[str | None] = mapped_column(Text)


class ManagerRegion(Base):
    __tablename__ = "manager_regions"
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    region_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("regions.id"), primary_key=True)


class _CreatedOnce:
    """Who created the row and under which Idempotency-Key (unique per creator), with
    what the key came with (servicekit.idempotency): a retried create answers the first."""

    created_by: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(Text)
    request_hash: Mapped[str | None] = mapped_column(Text)


class IntakeSource(_CreatedOnce, Base):
    __tablename__ = "intake_sources"
    __table_args__ = (UniqueConstraint("created_by", "idempotency_key"),)
    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(Text, unique=True)  # web_form, trade_show, ...
    display_name: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    created_at: Mapped[datetime] = _created_at()
    # What kind of source it is (web_form, trade_show, ads, other): what the leads' score
    # rates. "": not chosen, read from the name (intake_admin_schemas.category_by_name).
    category: Mapped[str] = mapped_column(Text, server_default=text("''"))
    # Ad platforms sign their webhooks with this shared secret (HMAC needs the secret
    # itself, so unlike API keys it cannot be stored as a hash): sealed at rest instead,
    # opened when read through SQLAlchemy (servicekit.sealed_columns).
    signing_secret: Mapped[str | None] = mapped_column(
        SealedText("intake_sources.signing_secret"))
    # Requests per minute this source may send; NULL: SALESOS_INTAKE_RATE_PER_MINUTE.
    rate_limit_per_minute: Mapped[int | None] = mapped_column(Integer)
    # After a rotation the old secret verifies until `previous_secret_valid_until`: an ad
    # platform's console is changed by a person, some time after ours (intake_secrets.py).
    previous_signing_secret: Mapped[str | None] = mapped_column(
        SealedText("intake_sources.previous_signing_secret"))
    previous_secret_valid_until: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True))
    # The last rotation's Idempotency-Key: its retry shows that secret, not a third one.
    secret_idempotency_key: Mapped[str | None] = mapped_column(Text)
    secret_request_hash: Mapped[str | None] = mapped_column(Text)


class ApiKey(_CreatedOnce, Base):
    __tablename__ = "api_keys"
    __table_args__ = (UniqueConstraint("created_by", "idempotency_key"),)
    id: Mapped[uuid.UUID] = _uuid_pk()
    source_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("intake_sources.id"), index=True)
    key_sha256: Mapped[str] = mapped_column(Text, unique=True)  # hex digest, never the key
    label: Mapped[str] = mapped_column(Text, server_default=text("''"))
    # Only the demo key seeded with SALESOS_DEMO=1 keeps its plaintext, so re-running the
    # seed can print it again; real keys are shown once at creation and never stored.
    demo_plaintext: Mapped[str | None] = mapped_column(Text)
    key_hint: Mapped[str | None] = mapped_column(Text)  # last 4 characters: tells keys apart
    created_at: Mapped[datetime] = _created_at()
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IntakeSignature(Base):
    """Ad webhook signatures seen within the freshness window: a replay is refused.
    Rows older than the window are pruned; an older request fails the timestamp check."""

    __tablename__ = "intake_signatures"
    source_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("intake_sources.id"),
                                                 primary_key=True)
    signature: Mapped[str] = mapped_column(Text, primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True,
                                              server_default=func.now())


class PublicRateWindow(Base):
    """Requests per caller address per minute on the public token pages (signing,
    surveys), shared by every gateway replica."""

    __tablename__ = "public_rate_windows"
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True,
                                                   index=True)
    hits: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class IntakeRateWindow(Base):
    """Requests per source per minute (fixed window), shared by every gateway replica."""

    __tablename__ = "intake_rate_windows"
    source_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("intake_sources.id"),
                                                 primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, server_default=text("0"))
