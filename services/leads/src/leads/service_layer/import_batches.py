"""One batch of an import, in one transaction: which rows are new leads and which are
another touch on a customer we know, then the leads, their touches, the outbox rows, the
failed rows and the job's counters. The new leads are assigned and their clocks started
before they are inserted (`import_placing.py`), as intake does with its arrivals.

Like a single arrival (`intake.py`), a new lead gets its first touch and a
`leads.created`; a row that duplicates a known customer (exact phone/email/WeChat id, or
the same contact at a fuzzy-matching company; also an earlier row of the same file) is a
touch on that lead (or on the lead it was merged into by hand) plus `leads.touched` for its
owner, and fills that lead's empty fields (`import_fills.py`). Nothing is written twice:
a row key already recorded is skipped (re-imports, resumed batches), and the inserts are
ON CONFLICT DO NOTHING with RETURNING deciding which events to raise. Imports take no
advisory locks (thousands per batch); a web form of the same new customer racing the very
batch can still make a second lead, which a manager can merge by hand.
"""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.ids import uuid7_texts
from servicekit.uow import UnitOfWork, relay_for

from leads.adapters import import_dedupe, import_outbox, import_owners, import_touches
from leads.adapters import imports_repository as repo
from leads.domain.dedupe import Match
from leads.domain.history import Touch, summarise
from leads.domain.import_matching import plan
from leads.domain.lead_wire import LeadView
from leads.domain.model import UNASSIGNABLE
from leads.service_layer import import_fills, import_placing, region_follow
from leads.service_layer.handlers import SOURCE, Deps
from leads.service_layer.import_lease import Lease

Row = tuple[int, list[str], LeadView | None, str]  # number, values, lead or None, reason


def _touch(lead: LeadView, *, touch_id: str, lead_id: str, match_reason: str,
           filled: tuple[str, ...] = ()) -> Touch:
    return Touch(id=touch_id, lead_id=lead_id, source=lead.source, channel=lead.source,
                 touched_at=lead.created_at,
                 summary=summarise(company=lead.company, name=lead.name, title=lead.title,
                                   message=lead.message, notes=lead.intake_notes),
                 match_reason=match_reason, idempotency_key=lead.idempotency_key,
                 filled=filled)


def _touched(touch: Touch, target: Any, import_id: uuid.UUID) -> events_pb2.LeadTouched:
    message = events_pb2.LeadTouched(
        lead_id=touch.lead_id, touch_id=touch.id, owner_id=target.owner_id,
        source=touch.source, channel=touch.channel, company=target.company, name=target.name,
        region_id=target.region_id, match_reason=touch.match_reason,
        import_id=str(import_id), filled_fields=touch.filled)
    message.touched_at.FromDatetime(touch.touched_at)
    return message


async def write(import_id: uuid.UUID, batch: list[Row], deps: Deps, *, lease: Lease) -> None:
    try:
        await _write(import_id, batch, deps, lease=lease, inline=True)
    except import_placing.Raced:  # another job stored some of these rows meanwhile
        await _write(import_id, batch, deps, lease=lease, inline=False)


async def _write(import_id: uuid.UUID, batch: list[Row], deps: Deps, *, lease: Lease,
                 inline: bool) -> None:
    good = [lead for _, _, lead, _ in batch if lead is not None]
    errors = [(n, values, reason) for n, values, lead, reason in batch if lead is None]
    # Imported without a bad optional cell: listed in errors.xlsx too, as such.
    warned = [(n, values, reason) for n, values, lead, reason in batch if lead and reason]
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        session = uow.session
        await lease.hold(session)  # the job is still this worker's until the commit
        job = await repo.get(session, import_id=str(import_id))
        found = await import_dedupe.candidates(session, good, source=SOURCE)
        outcomes = plan(good, found)
        fresh = {lead.id: lead for lead, o in zip(good, outcomes, strict=True) if o.kind == "new"}
        dups: list[tuple[LeadView, Match]] = [(lead, o.match) for lead, o in zip(
            good, outcomes, strict=True) if o.kind == "touch" and o.match is not None]
        stored = await import_dedupe.survivors(
            session, {m.lead_id for _, m in dups if m.lead_id not in fresh})
        locked = await import_fills.lock(session, stored)  # before placing takes turns
        leads, placed = await import_placing.place(session, list(fresh.values()), deps,
                                                   inline=inline,
                                                   uploader=repo.uploader_of(job))
        by_id = {lead.id: lead for lead in leads}
        filled = import_fills.fill(dups, fresh=by_id, stored=stored, locked=locked)
        created = await import_placing.store(session, leads, placed, import_id=import_id)
        ids = iter(uuid7_texts(len(created) + len(dups)))
        touches = [_touch(fresh[i], touch_id=next(ids), lead_id=i, match_reason="")
                   for i in fresh if i in created]
        told: list[tuple[Touch, Any]] = []
        for (lead, match), fields in zip(dups, filled, strict=True):
            target: Any = by_id[match.lead_id] if match.lead_id in created \
                else stored.get(match.lead_id)  # an earlier row's lead: its owner is told
            if target is None:  # it matched a row this batch could not store (a race)
                continue
            told.append((_touch(lead, touch_id=next(ids), lead_id=str(target.id),
                                match_reason=match.reason, filled=fields), target))
            touches.append(told[-1][0])
        inserted = await import_touches.insert(session, touches)
        await import_fills.save(session, locked, touches, inserted)
        take = relay_for(deps.sessions, SOURCE)
        told = [(t, target) for t, target in told if t.id in inserted]
        file_name = job.filename
        rows = await import_outbox.publish(session, [
            *(item for lead in leads if lead.id in created
              for item in import_placing.events_of(fresh[lead.id], lead, placed,
                                                   import_id=import_id, file_name=file_name)),
            *(("leads.touched", t.lead_id, _touched(t, target, import_id), ())
              for t, target in told)], source=SOURCE, handover=take is not None)
        await import_owners.add(  # for leads.import_finished: each owner hears once
            session, import_id=import_id,
            assigned=Counter(lead.owner_id or import_owners.NOBODY for lead in leads
                             if lead.id in created
                             and (lead.owner_id or lead.status == UNASSIGNABLE)),
            returned=Counter(target.owner_id for _, target in told if target.owner_id))
        await repo.add_errors(session, import_id=import_id, errors=errors)
        await repo.add_errors(session, import_id=import_id, errors=warned, warning=True)
        await repo.progress(session, import_id=import_id, done=len(batch),
                            created=len(created), merged=len(good) - len(created),
                            failed=len(errors), warned=len(warned))
        await uow.commit()
    if take is not None:
        take(rows)  # as UnitOfWork.commit hands its rows over
    # A row that gave its customer's province: the lead follows it to its region.
    await region_follow.follow_each([t.lead_id for t in touches if t.id in inserted
                                     and "province" in t.filled], deps)
