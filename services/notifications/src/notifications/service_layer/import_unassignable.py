"""leads.unassigned of an import's lead: its managers hear of the import's unplaceable
leads once, not once per lead.

A 300-row file with 50 rows of no province used to put 50 items (and 50 e-mails and robot
messages) in the director's inbox. Such a lead is silent on its own; each person who would
have been told of it (its region's managers, the directors for a region without any:
notify.recipients) gets one item per import, keyed by the import, that counts its leads
(import_unassignable_repo) and is rewritten as more arrive (rewritten.py: one e-mail or
robot message at the first, none per later lead). A lead outside an import is told alone,
as before (domain/lead_notices.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

import uuid6
from salesos.events.v1.leads_pb2 import LeadUnassignable
from servicekit.uow import UnitOfWork

from notifications.adapters import import_unassignable_repo
from notifications.domain import templates
from notifications.domain.model import InboxItem
from notifications.domain.notices import Notice
from notifications.domain.plurals import counted
from notifications.service_layer.deps import Deps
from notifications.service_layer.fan_out import Outgoing, voice
from notifications.service_layer.rewritten import store_or_rewrite

Recipients = Callable[[Deps, Notice], Awaitable[list[str]]]

KIND = "lead_import_unassignable"
# The lead list has no import filter: its unassignable imported leads are the nearest.
LINK = "/leads?" + urlencode({"status": "unassignable", "source": "import"})


def key_of(import_id: str) -> str:
    """The items' event key: one item per import and person, whichever lead brings it."""
    return f"leads.unassigned:import:{import_id}"


async def on_unassigned(deps: Deps, uow: UnitOfWork, payload: LeadUnassignable,
                        recipients: Recipients) -> int:
    """Counts the lead for its managers and stores or rewrites their items; how many were
    new. `recipients` resolves a Notice's people (notify.recipients)."""
    users = await recipients(deps, Notice(KIND, {}, LINK, region_managers=(payload.region_id,)))
    key, now = key_of(payload.import_id), deps.clock()
    counts = await import_unassignable_repo.add(uow.session, key, payload.lead_id, users)
    if not counts:
        return 0  # nobody to tell, or this lead was counted already
    everyone, book = await voice(uow, list(counts))
    outgoing = []
    for user, count in sorted(counts.items()):
        message = templates.render(KIND, {
            "count": str(count), "leads_en": counted(count, "lead"),
            "file": payload.import_file_name or "-"}, everyone[user].language, book)
        outgoing.append(Outgoing(InboxItem(
            id=str(uuid6.uuid7()), user_id=user, kind=KIND, title=message.title,
            body=message.body, link=LINK, event_id=key, created_at=now), everyone[user]))
    return await store_or_rewrite(uow, outgoing, cause=None, now=now)
