"""seal the ad sources' HMAC secrets already stored in plain text

Revision ID: 20261127_0003_seal_secrets
Revises: 20261127_0002_public_rate
Create Date: 2026-11-27

Data only: `intake_sources.signing_secret` stays text; its plain values become
`sealed:v1:…` (servicekit.sealing, key from SALESOS_SEALING_KEYS). Downgrade leaves them
sealed: the code of the previous revision could not open them, but reading them back to
plain text on purpose would undo the point; restore from the key if ever needed.
"""

from alembic import op
from servicekit.sealing_migration import seal_plain_text

revision = "20261127_0003_seal_secrets"
down_revision = "20261127_0002_public_rate"
branch_labels = None
depends_on = None


def upgrade() -> None:
    seal_plain_text(op.get_bind(), "intake_sources", key="id", columns=("signing_secret",))


def downgrade() -> None:
    pass
