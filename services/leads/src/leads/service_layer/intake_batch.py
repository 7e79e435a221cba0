"""Many arrivals in one transaction: what the gateway's coalesced intake calls.

The one-arrival path (`intake.receive`) costs a transaction of five statements per lead;
a burst of web forms paid that per form. Here a batch is one transaction of the same five
statements for all of its arrivals: the advisory locks of every arrival (sorted, one
statement, so batches and single arrivals lock in one global order), one lookup, the
inline assignment of the new leads (`intake_inline`: rules, the turns locked, the turns
written), one insert of the new leads — assigned — with their first touches and their
first-contact deadlines, the outbox rows (leads.created and leads.assigned).

Each arrival is answered exactly as `intake.receive` would answer it alone, in order:
- invalid input: its field error (nothing stored for it; the others go on);
- an idempotency key seen before: the earlier answer;
- a new customer: a new lead, first touch and `leads.created`, in its caller's trace.
Everything else — an arrival that duplicates a stored lead (a touch on it, whose owner
is told), one sharing a lock key with an earlier arrival of the same batch (which it may
duplicate), a key held by a lead from before touches — is rare, and is handed to
`intake.receive` after the batch commits, one by one in batch order, so it sees the
batch's leads as it would have seen them arriving one after the other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from opentelemetry import context as otel_context
from opentelemetry import propagate
from servicekit.ids import uuid7_text
from servicekit.uow import UnitOfWork

from leads.adapters import arrivals_batch, arrivals_store, rules_repo
from leads.adapters import dedupe_repository as dedupe_repo
from leads.domain.commands import CreateLead
from leads.domain.dedupe import find_match
from leads.domain.model import NEW, Lead
from leads.domain.normalise import InvalidField
from leads.service_layer import intake, intake_inline
from leads.service_layer.handlers import SOURCE, Deps
from leads.service_layer.intake import Arrival
from leads.service_layer.messages import publish_events


@dataclass(frozen=True)
class Item:
    cmd: CreateLead
    trace: dict[str, str]  # the caller's W3C trace context (traceparent, tracestate)


Outcome = Arrival | InvalidField


@contextlib.contextmanager
def traced(carrier: dict[str, str]) -> Iterator[None]:
    """The item's own trace is current, so the events it causes continue that trace."""
    if not carrier.get("traceparent"):
        yield
        return
    token = otel_context.attach(propagate.extract(carrier))
    try:
        yield
    finally:
        otel_context.detach(token)


async def receive_many(items: list[Item], deps: Deps) -> list[Outcome]:
    outcomes: list[Outcome | None] = [None] * len(items)
    batch: list[tuple[int, Lead]] = []
    later: list[int] = []  # handled one by one after the batch commits
    taken: set[str] = set()
    for index, item in enumerate(items):
        try:
            lead = Lead.create(item.cmd, lead_id=uuid7_text(), now=deps.clock())
        except InvalidField as error:
            outcomes[index] = error
            continue
        keys = intake._keys(lead)
        if taken.intersection(keys):
            later.append(index)
        else:
            batch.append((index, lead))
        taken.update(keys)
    if batch:
        later += await _store_new(items, batch, outcomes, deps)
    for index in sorted(later):
        with traced(items[index].trace):
            outcomes[index] = await intake.receive(items[index].cmd, deps)
    assert all(outcome is not None for outcome in outcomes), "every item is answered"
    return outcomes  # type: ignore[return-value]


class _KeyTaken(Exception):
    """A lead of the batch met an idempotency key held by a lead no lock covered."""


async def _store_new(items: list[Item], batch: list[tuple[int, Lead]],
                     outcomes: list[Outcome | None], deps: Deps) -> list[int]:
    """One transaction for the batch's new customers; the indexes left for later."""
    try:
        return await _store_new_once(items, batch, outcomes, deps)
    except _KeyTaken:  # never seen in practice: let the one-arrival path sort it out
        for index, _ in batch:
            outcomes[index] = None
        return [index for index, _ in batch]


async def _store_new_once(items: list[Item], batch: list[tuple[int, Lead]],
                          outcomes: list[Outcome | None], deps: Deps) -> list[int]:
    later: list[int] = []
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        keys = sorted({k for _, lead in batch for k in intake._keys(lead)})
        await dedupe_repo.lock_match_keys(uow.session, keys=keys)
        found, version = await arrivals_batch.lookup_many(uow.session,
                                                          [lead for _, lead in batch])
        new: list[tuple[int, Lead]] = []
        for (index, lead), what in zip(batch, found, strict=True):
            if what.seen is not None:
                try:
                    outcomes[index] = intake.answer_to_repeat(what.seen, lead, items[index].cmd)
                except InvalidField as error:
                    outcomes[index] = error
            elif what.held or find_match(lead.identity, what.known or []) is not None:
                later.append(index)  # a key from before touches, or a known customer
            else:
                new.append((index, lead))
        placed = await intake_inline.assign_and_start(
            uow.session, [lead for _, lead in new], deps,
            rules=await rules_repo.rules_at(uow.session, version) if new else ())
        pairs = [(lead, intake._touch(lead, items[index].cmd, lead_id=lead.id,
                                      match_reason="")) for index, lead in new]
        for index, lead in new:
            done = intake_inline.done_for(placed=lead.status != NEW,
                                          clock=lead.id in placed.clocks)
            with traced(items[index].trace):  # leads.created, leads.assigned when assigned
                publish_events(uow, lead, done)
        stored = await arrivals_store.add_many(uow.session, pairs, clocks=placed.clocks,
                                               turns=placed.turns, outbox=uow.fold_outbox())
        if len(stored) != len(new):
            raise _KeyTaken
        for index, lead in new:
            outcomes[index] = Arrival(lead.id, created=True)
        await uow.commit()
    return later
