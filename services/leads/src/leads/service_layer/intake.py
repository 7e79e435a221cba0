"""Every channel's arrival: a new lead, or another touch on the customer's existing lead.

One transaction: lock the arrival's match keys (advisory locks, so two simultaneous
arrivals of one new customer queue up and the second finds the first's lead), answer a
repeated idempotency key with the first answer, look for a duplicate, then store either
a touch on the existing lead (+ `leads.touched` for its owner), having filled the lead's
empty fields from the arrival (domain/gap_fill.py), or the new lead with its first touch
(+ `leads.created`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import grpc
from salesos.events.v1 import leads_pb2 as events_pb2
from servicekit.auth import Principal
from servicekit.idempotency import check_same_request
from servicekit.ids import uuid7_text
from servicekit.orgdir import OrgUnavailable
from servicekit.uow import UnitOfWork

from leads.adapters import arrivals, lead_fills, repository
from leads.adapters import dedupe_repository as dedupe_repo
from leads.domain.assignment import Candidate, Decision, Why
from leads.domain.commands import CreateLead
from leads.domain.dedupe import find_match, lock_keys
from leads.domain.fingerprint import fingerprint
from leads.domain.history import Touch, summarise
from leads.domain.model import Lead
from leads.service_layer import region_follow
from leads.service_layer.handlers import SOURCE, Deps
from leads.service_layer.messages import publish_events

log = logging.getLogger(__name__)

# A rep's own manual entry is theirs at once; everyone else's goes through assignment.
SELF_OWNED_ROLES = frozenset({"rep"})
SELF_OWNED_REASON = "销售手工录入，归录入人跟进"


@dataclass(frozen=True)
class Arrival:
    lead_id: str
    created: bool
    merged: bool = False  # recorded as a touch on an existing lead
    match_reason: str = ""


def _channel(lead: Lead, cmd: CreateLead) -> str:
    return cmd.channel.strip() or lead.source


def _touch(lead: Lead, cmd: CreateLead, *, lead_id: str, match_reason: str,
           filled: tuple[str, ...] = ()) -> Touch:
    channel = _channel(lead, cmd)
    return Touch(id=uuid7_text(), lead_id=lead_id, source=lead.source,
                 channel=channel, touched_at=lead.created_at,
                 summary=summarise(company=lead.company, name=lead.name, title=lead.title,
                                   event=lead.event, booth=lead.booth, message=lead.message,
                                   notes=lead.intake_notes),
                 match_reason=match_reason, idempotency_key=lead.idempotency_key,
                 request_hash=fingerprint(lead, channel), filled=filled)


def answer_to_repeat(seen: arrivals.Seen, lead: Lead, cmd: CreateLead) -> Arrival:
    """The first answer to a repeated key; InvalidField when the key came with another
    customer (answering with the first customer's lead would lose this one unseen)."""
    check_same_request(stored=seen.request_hash, arriving=fingerprint(lead, _channel(lead, cmd)))
    return Arrival(seen.lead_id, created=False, merged=bool(seen.match_reason),
                   match_reason=seen.match_reason)


def _owned_by_creator(lead: Lead, creator: Principal) -> None:
    owner = Candidate(user_id=creator.user_id, username=creator.username)
    region_id = creator.region_ids[0] if creator.region_ids else ""
    lead.assign(Decision(owner=owner, reason=SELF_OWNED_REASON, whys=(Why("self_entered"),)),
                region_id=region_id, now=lead.created_at)


async def receive(cmd: CreateLead, deps: Deps, *, creator: Principal | None = None) -> Arrival:
    lead = Lead.create(cmd, lead_id=uuid7_text(), now=deps.clock())  # bad input: no I/O yet
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        session = uow.session
        await dedupe_repo.lock_match_keys(session, keys=_keys(lead))
        seen, known = await arrivals.lookup(session, source=lead.source,
                                            key=lead.idempotency_key, identity=lead.identity)
        if seen is not None:
            return answer_to_repeat(seen, lead, cmd)
        match = find_match(lead.identity, known)
        if match is not None:
            existing = await _survivor(uow, match.lead_id)
            existing, filled = await _fill(uow, existing, lead)
            touch = _touch(lead, cmd, lead_id=existing.id, match_reason=match.reason,
                           filled=filled)
            await dedupe_repo.add_touch(session, touch=touch)
            _publish_touched(uow, existing, touch, match.why)
            if "province" in filled:
                await _follow_province(uow, existing, deps)
            await uow.commit()
            return Arrival(existing.id, created=False, merged=True, match_reason=match.reason)
        if creator is not None and creator.role in SELF_OWNED_ROLES:
            _owned_by_creator(lead, creator)
        first_touch = _touch(lead, cmd, lead_id=lead.id, match_reason="")
        if await arrivals.add_with_first_touch(session, lead=lead, touch=first_touch) is None:
            # The key predates touches (stored before this feature): answer with its lead.
            return Arrival(await repository.holder_of_key(session, source=lead.source,
                                                          key=lead.idempotency_key),
                           created=False)
        publish_events(uow, lead)
        await uow.commit()
    return Arrival(lead.id, created=True)


def _keys(lead: Lead) -> list[str]:
    keys = lock_keys(lead.identity)
    if lead.idempotency_key is not None:  # one key, one answer, even for odd retries
        keys.append(f"idem:{lead.source}:{lead.idempotency_key}")
    return sorted(keys)


async def _survivor(uow: UnitOfWork, lead_id: str, *, depth: int = 10) -> Lead:
    """The matched lead, or the lead it was merged into by hand (following the chain)."""
    lead = await repository.get(uow.session, lead_id=lead_id)
    assert lead is not None, "a candidate row exists in this transaction"
    for _ in range(depth):
        if not lead.merged_into:
            break
        survivor = await repository.get(uow.session, lead_id=lead.merged_into)
        if survivor is None:
            break
        lead = survivor
    return lead


async def _fill(uow: UnitOfWork, existing: Lead, arrival: Lead) -> tuple[Lead, tuple[str, ...]]:
    """The arrival's details onto the empty fields of its lead (domain/gap_fill.py). Most
    returning customers bring nothing new, and cost no lock or write; otherwise the lead
    is read again locked, filled and saved (its score too)."""
    if not existing.fill_gaps(arrival):
        return existing, ()
    locked = await repository.get(uow.session, lead_id=existing.id, for_update=True)
    assert locked is not None, "leads are never deleted"
    filled = locked.fill_gaps(arrival)
    await lead_fills.save(uow.session, [locked] if filled else [])
    return locked, filled


async def _follow_province(uow: UnitOfWork, lead: Lead, deps: Deps) -> None:
    """The customer gave their province: the lead moves to its region (region_follow.py),
    after the arrival's touch. The directory not answering costs the move, never the
    arrival: the lead keeps its region (logged), as before this rule."""
    try:
        async with uow.session.begin_nested():  # a failed move leaves the arrival intact
            await region_follow.follow_province(uow.session, lead, org=deps.org,
                                                now=deps.clock())
    except (OrgUnavailable, grpc.aio.AioRpcError) as error:
        log.warning("lead %s keeps its region: the org directory did not answer (%s)",
                    lead.id, error)
        return
    publish_events(uow, lead)


def _publish_touched(uow: UnitOfWork, lead: Lead, touch: Touch, why: Why | None) -> None:
    message = events_pb2.LeadTouched(
        lead_id=lead.id, touch_id=touch.id, owner_id=lead.owner_id, source=touch.source,
        channel=touch.channel, company=lead.company, name=lead.name, region_id=lead.region_id,
        match_reason=touch.match_reason, filled_fields=touch.filled)
    if why is not None:
        message.match.code = why.code
        message.match.params.update(dict(why.params))
    message.touched_at.FromDatetime(touch.touched_at)
    uow.publish(message, type="leads.touched", aggregate_id=lead.id)
