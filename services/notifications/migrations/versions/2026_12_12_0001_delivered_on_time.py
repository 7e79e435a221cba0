"""notify: the English 「work order delivered」 body says whether it came on time.

The seeded English body ("Delivered at {delivered_at}.") left it out, which the Chinese
one says (「（按时）」/「（已逾期）」); `{on_time}` is now worded per language
(" (on time)" / " (late)"). Only a row nobody edited (`updated_by` empty, the seeded
body) is changed; an admin's own wording stays and may add `{on_time}` itself.

Revision ID: 20261212_delivered_on_time
Revises: 20261211_touch_filled
Create Date: 2026-12-12
"""

import sqlalchemy as sa
from alembic import op

revision = "20261212_delivered_on_time"
down_revision = "20261211_touch_filled"
branch_labels = None
depends_on = None

OLD_BODY = "Delivered at {delivered_at}."
NEW_BODY = "Delivered at {delivered_at}{on_time}."
_UNEDITED = ("UPDATE message_templates SET body = :new WHERE kind = 'workorder_delivered'"
             " AND language = 'en' AND updated_by = '' AND body = :old")


def upgrade() -> None:
    op.get_bind().execute(sa.text(_UNEDITED), {"old": OLD_BODY, "new": NEW_BODY})


def downgrade() -> None:
    op.get_bind().execute(sa.text(_UNEDITED), {"old": NEW_BODY, "new": OLD_BODY})
