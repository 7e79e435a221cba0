"""notify: work-order texts of this revision.

- `workorder_escalated` in English named nobody as 「未指派」: its body now uses
  `{assignee_en}` ("unassigned" while nobody has the order). Only a row nobody edited
  (`updated_by` empty, the seeded text) is changed; an admin's own wording stays.
- `workorder_assigned` (new kind, `workorders.assigned`) gets its rows.

Revision ID: 20261203_workorder_texts
Revises: 20261127_notify_sealed
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "20261203_workorder_texts"
down_revision = "20261127_notify_sealed"
branch_labels = None
depends_on = None

OLD_BODY = "{clock_en} is overdue; assignee {assignee}. Due {due}."
NEW_BODY = "{clock_en} is overdue; assignee {assignee_en}. Due {due}."
ASSIGNED = (
    ("zh-CN", "工单指派给您（{department}）：{title}",
     "请在 {respond_by} 前接单。交付截止 {due}。"),
    ("en", "Work order assigned to you ({department_en}): {title}",
     "Please accept by {respond_by}. Due {due}."),
)
_ESCALATED_EN = ("UPDATE message_templates SET body = :new WHERE kind = 'workorder_escalated'"
                 " AND language = 'en' AND updated_by = '' AND body = :old")


def upgrade() -> None:
    op.get_bind().execute(sa.text(_ESCALATED_EN), {"new": NEW_BODY, "old": OLD_BODY})
    for language, title, body in ASSIGNED:
        op.get_bind().execute(sa.text(
            "INSERT INTO message_templates (kind, language, title, body) VALUES "
            "('workorder_assigned', :language, :title, :body) ON CONFLICT DO NOTHING"),
            {"language": language, "title": title, "body": body})


def downgrade() -> None:
    op.get_bind().execute(sa.text(_ESCALATED_EN), {"new": OLD_BODY, "old": NEW_BODY})
    op.execute("DELETE FROM message_templates WHERE kind = 'workorder_assigned'")
