"""notify: an import's first-contact thresholds, one item per person, import and threshold.

`import_clock_notices` keeps, per item key (import + threshold) and person, each owner's
latest count (`as_of` guards against an older event redelivered after a newer one), so a
manager's overdue summary can list every owner, and a later count replaces an earlier.
The two new kinds get their text rows.

Revision ID: 20261204_import_clock_notices
Revises: 20261203_workorder_texts
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "20261204_import_clock_notices"
down_revision = "20261203_workorder_texts"
branch_labels = None
depends_on = None

TEXTS = (
    ("import_first_contact_reminder", "zh-CN",
     "导入「{file}」中 {count} 条线索首次联系时限已用去 {percent}%",
     "最早一条 {first_due} 到期，最晚一条 {last_due}。"
         "请逐一联系并登记；已联系的线索不再计入。"),
    ("import_first_contact_reminder", "en",
     "{count} leads from import {file}: {percent}% of first-contact time used",
     "The first runs out at {first_due}, the last at {last_due}. Contact and log each; "
     "contacted leads drop out of this count."),
    ("import_first_contact_overdue", "zh-CN", "导入「{file}」中 {count} 条线索首次联系已超时",
     "{owners}，截至 {last_due} 仍未首次联系。批量导入的线索不会自动改派，"
     "请在线索列表中查看并按需手动改派。"),
    ("import_first_contact_overdue", "en",
     "{count} leads from import {file} are overdue for first contact",
     "{owners_en}: not contacted by {last_due}. Imported leads are not reassigned "
     "automatically; review them in the lead list and reassign by hand if needed."),
)


def upgrade() -> None:
    op.create_table(
        "import_clock_notices",
        sa.Column("event_key", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("owner_id", sa.Text, primary_key=True),
        sa.Column("owner_username", sa.Text, nullable=False, server_default=""),
        sa.Column("leads", sa.Integer, nullable=False),
        sa.Column("first_due", sa.DateTime(timezone=True)),
        sa.Column("last_due", sa.DateTime(timezone=True)),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
    )
    for kind, language, title, body in TEXTS:
        op.get_bind().execute(sa.text(
            "INSERT INTO message_templates (kind, language, title, body) VALUES "
            "(:kind, :language, :title, :body) ON CONFLICT DO NOTHING"),
            {"kind": kind, "language": language, "title": title, "body": body})


def downgrade() -> None:
    op.execute("DELETE FROM message_templates WHERE kind IN "
               "('import_first_contact_reminder', 'import_first_contact_overdue')")
    op.drop_table("import_clock_notices")
