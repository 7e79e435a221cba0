"""Tables of the notifications schema.

Table names carry no schema: the engine's search_path pins this service to its own
schema. `inbox` is servicekit's idempotency table, so the user-facing inbox is
`inbox_items`.
"""

from __future__ import annotations

import sqlalchemy as sa
from servicekit.sealed_columns import SealedFields, SealedText
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from notifications.domain.credentials import FIELDS as CREDENTIALS

metadata = sa.MetaData()
VERSIONS = "inbox_item_versions"  # the sequence inbox_items.version is drawn from
# Robot credentials are sealed at rest (servicekit.sealing): a dump or a replica does not
# hand out the tokens in webhook URLs nor the signing secrets.
SEALED_TARGET_FIELDS = ("url", "secret")


def _credential(name: str) -> sa.Column[str]:
    return sa.Column(name, SealedText(f"preferences.{name}"), nullable=False,
                     server_default="")


inbox_items = sa.Table(
    "inbox_items",
    metadata,
    sa.Column("id", sa.Uuid(as_uuid=False), primary_key=True),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False, server_default=""),
    sa.Column("link", sa.Text, nullable=False, server_default=""),
    sa.Column("event_id", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("read_at", sa.DateTime(timezone=True)),
    # Taken anew from one sequence by every insert and rewrite of the text: the live
    # stream replays what changed after the version its client saw last.
    sa.Column("version", sa.BigInteger, nullable=False,
              server_default=sa.text(f"nextval('{VERSIONS}')")),
    # When the version was taken (not the transaction's start: the statement's clock). A
    # version can commit after a higher one; a reconnecting stream replays those taken
    # within the commit lag before the last one it saw (repository.replay_floor).
    sa.Column("version_at", sa.DateTime(timezone=True), nullable=False,
              server_default=sa.text("clock_timestamp()")),
    # What the item asks its reader to act on (`approval_step:<id>`; "" for news), and
    # when that stopped waiting (withdrawn: read, its text says why; withdrawals.py).
    sa.Column("about", sa.Text, nullable=False, server_default=""),
    sa.Column("withdrawn_at", sa.DateTime(timezone=True)),
    # Second guard behind the consumer's inbox table: one item per event per recipient.
    sa.UniqueConstraint("event_id", "user_id", name="uq_inbox_items_event_user"),
    sa.Index("ix_inbox_items_user_newest", "user_id", sa.text("created_at DESC"),
             sa.text("id DESC")),
    sa.Index("ix_inbox_items_user_version", "user_id", "version"),
    sa.Index("ix_inbox_items_unread", "user_id", postgresql_where=sa.text("read_at IS NULL")),
    sa.Index("ix_inbox_items_about", "about", postgresql_where=sa.text("about <> ''")),
)

# What stopped waiting, and why: an announcement of it arriving after its withdrawal (a
# redelivery, a consumer retry) tells nobody.
withdrawn_subjects = sa.Table(
    "withdrawn_subjects",
    metadata,
    sa.Column("about", sa.Text, primary_key=True),
    sa.Column("why", sa.Text, nullable=False),
    sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=False),
)

# Issue 5: preferences, deliveries and their due rows (servicekit.scheduler tables).
preferences = sa.Table(
    "preferences",
    metadata,
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("language", sa.Text, nullable=False, server_default="zh-CN"),
    sa.Column("email", sa.Text, nullable=False, server_default=""),
    sa.Column("phone", sa.Text, nullable=False, server_default=""),
    *(_credential(name) for name in CREDENTIALS),
    sa.Column("quiet_start", sa.Text, nullable=False, server_default=""),
    sa.Column("quiet_end", sa.Text, nullable=False, server_default=""),
    sa.Column("choices", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Uuid(as_uuid=False), primary_key=True),
    sa.Column("event_id", sa.Text, nullable=False),
    sa.Column("recipient", sa.Text, nullable=False),  # user id, or a customer's address
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False, server_default=""),
    sa.Column("link", sa.Text, nullable=False, server_default=""),
    # Where to send, as it was when the event arrived (email, phone, webhook + secret);
    # a robot's webhook and secret sealed (the bulk insert seals them itself: new_row).
    sa.Column("target", SealedFields("deliveries.target", SEALED_TARGET_FIELDS),
              nullable=False),
    sa.Column("urgent", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=False, server_default=""),
    sa.Column("digest_id", sa.Uuid(as_uuid=False)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True)),
    # One notification per event per channel, however often the event is redelivered.
    sa.UniqueConstraint("event_id", "recipient", "channel", name="uq_deliveries_event_channel"),
    sa.Index("ix_deliveries_failed", "state", sa.text("updated_at DESC"), sa.text("id DESC")),
    sa.Index("ix_deliveries_held", "recipient", "channel", "state"),
)

# Each attempt is a due row: the first due at once, retries after their backoff.
delivery_jobs = sa.Table(
    "delivery_jobs",
    metadata,
    sa.Column("id", sa.Uuid(as_uuid=False), primary_key=True),
    sa.Column("delivery_id", sa.Uuid(as_uuid=False), nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("fired_at", sa.DateTime(timezone=True)),
    sa.Index("ix_delivery_jobs_due", "due_at", postgresql_where=sa.text("fired_at IS NULL")),
)

# The morning digest: one due row per person and channel at the end of their quiet window.
digest_jobs = sa.Table(
    "digest_jobs",
    metadata,
    sa.Column("id", sa.Uuid(as_uuid=False), primary_key=True),
    sa.Column("user_id", sa.Text, nullable=False),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("fired_at", sa.DateTime(timezone=True)),
    sa.UniqueConstraint("user_id", "channel", "due_at", name="uq_digest_jobs_window"),
    sa.Index("ix_digest_jobs_due", "due_at", postgresql_where=sa.text("fired_at IS NULL")),
)

# Texts per kind and language, seeded by migration, edited by admins; the code's
# defaults (domain/templates.py) stand in for a kind that has no row.
message_templates = sa.Table(
    "message_templates",
    metadata,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("language", sa.Text, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False,
              server_default=sa.func.now()),
    sa.Column("updated_by", sa.Text, nullable=False, server_default=""),
)

# Per item key (an import and threshold) and person, each owner's latest count of the
# import's leads waiting for first contact (service_layer/import_clock.py).
import_clock_notices = sa.Table(
    "import_clock_notices",
    metadata,
    sa.Column("event_key", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("owner_id", sa.Text, primary_key=True),
    sa.Column("owner_username", sa.Text, nullable=False, server_default=""),
    sa.Column("leads", sa.Integer, nullable=False),
    sa.Column("first_due", sa.DateTime(timezone=True)),
    sa.Column("last_due", sa.DateTime(timezone=True)),
    sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
)

# Per import and person, the counts their import summary item shows (import_summary_repo).
import_summary_notices = sa.Table(
    "import_summary_notices",
    metadata,
    sa.Column("event_key", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("assigned", sa.Integer, nullable=False),
    sa.Column("returned", sa.Integer, nullable=False),
)

# Per import and person told, the import's leads nobody could take that their one item
# counts (import_unassignable_repo).
import_unassignable_leads = sa.Table(
    "import_unassignable_leads",
    metadata,
    sa.Column("event_key", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("lead_id", sa.Text, primary_key=True),
)

# Per leaver's handover and person told: the totals their one item shows (summaries of the
# leads and pipeline services' batches, added up; handover_repo).
handover_notices = sa.Table(
    "handover_notices",
    metadata,
    sa.Column("handover_id", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("leads", sa.Integer, nullable=False),
    sa.Column("opportunities", sa.Integer, nullable=False),
    sa.Column("workorders", sa.Integer, nullable=False, server_default="0"),
    # the summaries counted: one delivered again adds nothing
    sa.Column("event_ids", ARRAY(sa.Text), nullable=False),
)
