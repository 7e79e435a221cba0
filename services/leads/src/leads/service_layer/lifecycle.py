"""Use cases after assignment: log a contact (stops the clock), qualify, disqualify."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from servicekit.auth import Principal
from servicekit.errors import Conflict, FieldError, PermissionDenied
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.paging import InvalidCursor, decode_cursor, encode_cursor
from servicekit.uow import UnitOfWork
from uuid6 import uuid7

from leads.adapters import clock_repo, repository
from leads.domain import lifecycle
from leads.domain.lifecycle import Contact, TransitionRefused
from leads.domain.model import Lead
from leads.domain.normalise import folded
from leads.service_layer import clock_messages, reading
from leads.service_layer.handlers import SOURCE, Deps

_PAGE, _MAX_PAGE = 50, 200


@dataclass(frozen=True)
class LogContact:
    lead_id: str
    channel: str
    outcome: str
    next_step: str = ""
    next_step_at: datetime | None = None
    idempotency_key: str = ""


async def _visible(uow: UnitOfWork, lead_id: str, principal: Principal, deps: Deps) -> Lead:
    lead = await repository.get(uow.session, lead_id=lead_id, for_update=True)
    return await reading.readable(lead, principal, deps)


async def log_contact(cmd: LogContact, principal: Principal, deps: Deps) -> tuple[Contact, str]:
    """Records the owner's contact; the first one stops the clock. Returns the contact and
    the lead's status. The same idempotency key on the same lead returns the first contact."""
    outcome, next_step = lifecycle.clean_contact_text(cmd.outcome, cmd.next_step)
    if len(cmd.idempotency_key) > 200:
        raise FieldError("idempotency_key", "幂等键长度不能超过 200 个字符")
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        lead = await _visible(uow, cmd.lead_id, principal, deps)
        if not lifecycle.is_owner(lead, principal.user_id):
            raise PermissionDenied("只有线索负责人可以登记联系")
        key = cmd.idempotency_key or None
        if key and (seen := await clock_repo.contact_by_key(
                uow.session, lead_id=lead.id, key=key)):
            # Answering the first contact would drop another one without a word.
            check_same_request(
                stored=fingerprint(seen.channel, folded(seen.outcome), folded(seen.next_step),
                                   seen.next_step_at),
                arriving=fingerprint(cmd.channel.strip().lower(), folded(outcome),
                                     folded(next_step), cmd.next_step_at))
            return seen, lead.status
        now = deps.clock()
        contact = Contact(id=str(uuid7()), lead_id=lead.id, rep_id=principal.user_id,
                          channel=cmd.channel.strip().lower(), outcome=outcome,
                          next_step=next_step, next_step_at=cmd.next_step_at,
                          contacted_at=now, idempotency_key=key)
        try:
            logged = lifecycle.log_contact(lead, contact)
        except TransitionRefused as refused:
            raise Conflict(refused.message) from refused
        await clock_repo.add_contact(uow.session, contact=contact)
        if logged.first:
            await clock_repo.stop_clock(uow.session, lead_id=lead.id, now=now)
            await clock_repo.save_lifecycle(uow.session, lead=lead)
        clock_messages.publish(uow, [logged])
        await uow.commit()
    return contact, lead.status


async def list_contacts(lead_id: str, principal: Principal, deps: Deps, *, page_size: int,
                        page_token: str) -> tuple[list[Contact], str]:
    size = min(page_size or _PAGE, _MAX_PAGE)
    after = _decode(page_token) if page_token else None
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        lead = await _visible(uow, lead_id, principal, deps)
        found = await clock_repo.list_contacts(uow.session, lead_id=lead.id, after=after,
                                               limit=size + 1)
    page = found[:size]
    token = _encode(page[-1]) if len(found) > size else ""
    return page, token


async def qualify(lead_id: str, principal: Principal, deps: Deps) -> Lead:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        lead = await _decidable(uow, lead_id, principal, deps)
        try:
            raised = lifecycle.qualify(lead, now=deps.clock())
        except TransitionRefused as refused:
            raise Conflict(refused.message) from refused
        await _save(uow, lead, raised)
    return lead


async def disqualify(lead_id: str, reason: str, principal: Principal, deps: Deps) -> Lead:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        lead = await _decidable(uow, lead_id, principal, deps)
        try:
            raised = lifecycle.disqualify(lead, reason, by_user_id=principal.user_id,
                                          now=deps.clock())
        except TransitionRefused as refused:
            raise Conflict(refused.message) from refused
        if raised:  # a disqualified lead needs no first contact any more
            await clock_repo.stop_clock(uow.session, lead_id=lead.id, now=deps.clock())
        await _save(uow, lead, raised)
    return lead


async def _decidable(uow: UnitOfWork, lead_id: str, principal: Principal, deps: Deps) -> Lead:
    lead = await _visible(uow, lead_id, principal, deps)
    if not lifecycle.may_decide(lead, role=principal.role, user_id=principal.user_id,
                                region_ids=principal.region_ids,
                                people=await reading.people_for(lead, principal, deps)):
        raise PermissionDenied("只有线索负责人、区域经理或总监可以判定线索")
    return lead


async def _save(uow: UnitOfWork, lead: Lead, raised: list) -> None:  # type: ignore[type-arg]
    if raised:
        await clock_repo.save_lifecycle(uow.session, lead=lead)
        clock_messages.publish(uow, raised)
        await uow.commit()


def _encode(contact: Contact) -> str:
    return encode_cursor(contact.contacted_at, contact.id)


def _decode(token: str) -> tuple[datetime, str]:
    try:
        return decode_cursor(token)
    except InvalidCursor as error:
        raise FieldError("cursor", "分页游标无效") from error  # the REST name, as ListLeads

