"""An import's leads that the assigner places, not the import itself.

A batch places its new leads inline (import_placing.py), unless the org directory cannot
answer or another job raced it: those leads are stored `new` and the `leads-assigner`
consumer places them from their leads.created, maybe long after the import finished.
Their owners must still hear of them the import's way, once, in its summary: so the
assigner marks their leads.assigned with the import (silent in notifications, their clock
the import's), adds them to the import's per-owner counts (its leads.unassigned too, named
and counted for nobody, so its managers' summary of unplaceable leads grows instead of one
item per lead), and when the import has already finished publishes its
leads.import_finished again with the counts as they now are, which notifications shows
by growing the owner's summary item.

The import rows are locked before the leads, the order of the import job's own batches
(the lease, then the leads) and of its finish (the job row, then the counts it reads), so
a placement is counted either by the finish or by a summary published after it.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from servicekit.uow import UnitOfWork
from sqlalchemy import select

from leads.adapters import import_owners
from leads.adapters.imports_orm import imports
from leads.domain import commands, events
from leads.domain.model import Lead
from leads.service_layer import import_finished

FINISHED = ("done", "failed")


def _import_ids(cmds: Sequence[commands.AssignLead]) -> dict[str, uuid.UUID]:
    found = {}
    for cmd in cmds:
        try:
            found[cmd.lead_id] = uuid.UUID(cmd.import_id)
        except ValueError:  # not an import's lead (empty), or a malformed id: no import
            continue
    return found


async def lock(uow: UnitOfWork, cmds: Sequence[commands.AssignLead]) -> dict[uuid.UUID, bool]:
    """Locks the commands' imports, in id order; per import, whether it has finished."""
    ids = sorted(set(_import_ids(cmds).values()))
    if not ids:
        return {}
    # FOR NO KEY UPDATE: waits for the job's batches and finish (UPDATEs of the row), not
    # for foreign-key checks of rows naming the import (import_clocks, import_owners).
    rows = await uow.session.execute(select(imports.c.id, imports.c.state).where(
        imports.c.id.in_(ids)).order_by(imports.c.id).with_for_update(key_share=True))
    return {row.id: row.state in FINISHED for row in rows}


async def record(uow: UnitOfWork, leads: Sequence[Lead], cmds: Sequence[commands.AssignLead],
                 finished: dict[uuid.UUID, bool]) -> None:
    """Marks the placed import leads' leads.assigned with their import and counts them;
    a finished import's summary is published again."""
    of_lead = {lead_id: i for lead_id, i in _import_ids(cmds).items() if i in finished}
    files = await _file_names(uow, finished)
    owners: dict[uuid.UUID, Counter[str]] = defaultdict(Counter)
    for lead in leads:
        import_id = of_lead.get(lead.id)
        if import_id is None:
            continue
        lead.events = [_marked(e, import_id, files.get(import_id, "")) for e in lead.events]
        if any(isinstance(e, events.LeadAssigned) for e in lead.events):
            owners[import_id][lead.owner_id] += 1
        elif any(isinstance(e, events.LeadUnassignable) for e in lead.events):
            owners[import_id][import_owners.NOBODY] += 1
    for import_id, assigned in sorted(owners.items()):
        await import_owners.add(uow.session, import_id=import_id, assigned=assigned,
                                returned=Counter())
        if finished[import_id]:
            await import_finished.announce(uow, import_id=import_id)


def _marked(event: events.Event, import_id: uuid.UUID, file_name: str) -> events.Event:
    """Names the import on leads.assigned (told in its owners' summary) and leads.unassigned
    (told in its managers' summary of unplaceable leads)."""
    if isinstance(event, events.LeadAssigned):
        return replace(event, import_id=str(import_id))
    if isinstance(event, events.LeadUnassignable):
        return replace(event, import_id=str(import_id), import_file_name=file_name)
    return event


async def _file_names(uow: UnitOfWork, ids: dict[uuid.UUID, bool]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = await uow.session.execute(
        select(imports.c.id, imports.c.filename).where(imports.c.id.in_(sorted(ids))))
    return {row.id: row.filename for row in rows}
