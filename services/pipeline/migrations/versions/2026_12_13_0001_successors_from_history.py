"""Leavers handed over before `owner_successors` existed get their successor from the
pipeline's own history: every batch of a handover that moved deals wrote a
`pipeline.opportunities_handed_over` into this schema's outbox (kept after publishing),
naming the leaver and the successor. The latest handover of each leaver wins, as
`record_successor` has it since; a leaver who already has a row (handed over since
2026-12-12, or again) keeps it. So reopening such a leaver's lost deal defaults to their
successor, not to the reopening manager. Idempotent: running it again adds nothing.
A handover that moved no open deal published nothing, so its leaver stays without a row
(reopening falls back to the reopener, or the owner named, as before).

Revision ID: 20261213_successors_backfill
Revises: 20261212_contract_approval_step
Create Date: 2026-12-13
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.events.v1.pipeline_pb2 import OpportunitiesHandedOver

revision = "20261213_successors_backfill"
down_revision = "20261212_contract_approval_step"
branch_labels = None
depends_on = None

HANDED_OVER = "pipeline.opportunities_handed_over"


def upgrade() -> None:
    rows = op.get_bind().execute(sa.text(
        "SELECT payload, created_at FROM outbox WHERE type = :type ORDER BY created_at, id"),
        {"type": HANDED_OVER})
    latest: dict[str, tuple[str, datetime]] = {}
    for payload, created_at in rows:
        event = OpportunitiesHandedOver()
        if not Envelope.FromString(payload).payload.Unpack(event):
            continue
        if not event.from_user_id or not event.to_user_id:
            continue
        at = event.at.ToDatetime(tzinfo=UTC) if event.HasField("at") else created_at
        if event.from_user_id not in latest or at >= latest[event.from_user_id][1]:
            latest[event.from_user_id] = (event.to_user_id, at)
    for leaver, (successor, at) in sorted(latest.items()):
        op.execute(sa.text(
            "INSERT INTO owner_successors (from_user_id, to_user_id, at) "
            "VALUES (:leaver, :successor, :at) ON CONFLICT (from_user_id) DO NOTHING"
        ).bindparams(leaver=leaver, successor=successor, at=at))


def downgrade() -> None:
    pass  # the rows stay: they say whom the deals went to
