"""notify: the seeded approval texts catch up with the code's.

A seeded row wins over the code's default, and these defaults were improved without a
revision for their rows, so nobody read the improvements:
- `approval_requested` (zh-CN and en) never said why the step was asked for (`{reason}`:
  the price is below the accepted quote) nor, in English, that the approver decides for an
  absent colleague (`{delegated_en}`);
- `approval_decided` in English quoted the comment in Chinese (`{comment}`: 「意见：…。」)
  and left out the outcome: now `{comment_en}{outcome_en}`.
Only a row nobody edited (`updated_by` empty, the seeded text) is changed; an admin's own
wording stays.

Revision ID: 20261212_approval_texts
Revises: 20261212_delivered_on_time
Create Date: 2026-12-12
"""

import sqlalchemy as sa
from alembic import op

revision = "20261212_approval_texts"
down_revision = "20261212_delivered_on_time"
branch_labels = None
depends_on = None

BODIES = (  # kind, language, the seeded body, the code's
    ("approval_requested", "zh-CN", "第 {step} 级审批，请在 {due} 前处理。{delegated}",
     "第 {step} 级审批，请在 {due} 前处理。{delegated}{reason}"),
    ("approval_requested", "en", "Step {step}; please decide by {due}.",
     "Step {step}; please decide by {due}{delegated_en}.{reason_en}"),
    ("approval_decided", "en", "Step {step} {decision_en}. {comment}",
     "Step {step} {decision_en}.{comment_en}{outcome_en}"),
)
_UNEDITED = ("UPDATE message_templates SET body = :new WHERE kind = :kind"
             " AND language = :language AND updated_by = '' AND body = :old")


def upgrade() -> None:
    for kind, language, old, new in BODIES:
        op.get_bind().execute(sa.text(_UNEDITED), {"kind": kind, "language": language,
                                                   "old": old, "new": new})


def downgrade() -> None:
    for kind, language, old, new in BODIES:
        op.get_bind().execute(sa.text(_UNEDITED), {"kind": kind, "language": language,
                                                   "old": new, "new": old})
