"""notify: English titles count in the right number ("1 lead", "2 leads").

The seeded English titles of `digest` and the import first-contact kinds read "1 leads"
and "1 notifications": they now use the `_en` count parameters (`{leads_en}`,
`{notifications_en}`, worded by domain/plurals.py). Only a row nobody edited
(`updated_by` empty, the seeded title) is changed; an admin's own wording stays, and its
`{count}` still renders.

Revision ID: 20261210_english_counts
Revises: 20261209_handover_workorders
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "20261210_english_counts"
down_revision = "20261209_handover_workorders"
branch_labels = None
depends_on = None

TITLES = (  # kind, the seeded title, the new one
    ("digest", "{count} notifications from your quiet hours",
     "{notifications_en} from your quiet hours"),
    ("import_first_contact_reminder",
     "{count} leads from import {file}: {percent}% of first-contact time used",
     "{leads_en} from import {file}: {percent}% of first-contact time used"),
    ("import_first_contact_overdue",
     "{count} leads from import {file} are overdue for first contact",
     "Overdue for first contact: {leads_en} from import {file}"),
)
_UNEDITED = ("UPDATE message_templates SET title = :new WHERE kind = :kind"
             " AND language = 'en' AND updated_by = '' AND title = :old")


def upgrade() -> None:
    for kind, old, new in TITLES:
        op.get_bind().execute(sa.text(_UNEDITED), {"kind": kind, "old": old, "new": new})


def downgrade() -> None:
    for kind, old, new in TITLES:
        op.get_bind().execute(sa.text(_UNEDITED), {"kind": kind, "old": new, "new": old})
