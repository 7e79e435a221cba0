"""seal the robot webhooks and signing secrets already stored in plain text

Revision ID: 20261127_notify_sealed
Revises: 20261127_notify_templates
Create Date: 2026-11-27

Data only: the credential columns of `preferences` and the `url` / `secret` of each
delivery's `target` snapshot become `sealed:v1:…` (servicekit.sealing, key from
SALESOS_SEALING_KEYS). Downgrade leaves them sealed rather than writing the tokens back
out in plain text.
"""

from alembic import op
from servicekit.sealing_migration import seal_plain_fields, seal_plain_text

revision = "20261127_notify_sealed"
down_revision = "20261127_notify_templates"
branch_labels = None
depends_on = None

CREDENTIALS = ("wecom_webhook", "dingtalk_webhook", "dingtalk_secret", "feishu_webhook",
               "feishu_secret")


def upgrade() -> None:
    bind = op.get_bind()
    seal_plain_text(bind, "preferences", key="user_id", columns=CREDENTIALS)
    seal_plain_fields(bind, "deliveries", key="id", column="target", fields=("url", "secret"))


def downgrade() -> None:
    pass
