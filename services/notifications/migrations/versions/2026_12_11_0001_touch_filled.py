"""notify: the 「老客户再次咨询」 body says what the arrival filled on the lead.

The seeded `lead_touched` bodies gain `{filled}` (「已补全：邮箱、公司规模。」 / "Filled in:
email, company size. ", empty when the arrival filled nothing, so the text reads as
before). Only a row nobody edited (`updated_by` empty, the seeded body) is changed; an
admin's own wording stays as it is and may add `{filled}` itself.

Revision ID: 20261211_touch_filled
Revises: 20261210_english_counts
Create Date: 2026-12-11
"""

import sqlalchemy as sa
from alembic import op

revision = "20261211_touch_filled"
down_revision = "20261210_english_counts"
branch_labels = None
depends_on = None

BODIES = (  # language, the seeded body, the new one
    ("zh-CN", "识别依据：{reason}。客户再次联系，请尽快跟进。",
     "识别依据：{reason}。{filled}客户再次联系，请尽快跟进。"),
    ("en", "Matched on: {reason}. Please follow up soon.",
     "Matched on: {reason}. {filled}Please follow up soon."),
)
_UNEDITED = ("UPDATE message_templates SET body = :new WHERE kind = 'lead_touched'"
             " AND language = :language AND updated_by = '' AND body = :old")


def upgrade() -> None:
    for language, old, new in BODIES:
        op.get_bind().execute(sa.text(_UNEDITED), {"language": language, "old": old,
                                                   "new": new})


def downgrade() -> None:
    for language, old, new in BODIES:
        op.get_bind().execute(sa.text(_UNEDITED), {"language": language, "old": new,
                                                   "new": old})
