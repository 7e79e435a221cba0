"""Opening deals: from a qualified lead (consumer) or by hand (a rep or a manager)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import NoReturn

from salesos.events.v1 import leads_pb2 as lead_events
from servicekit.auth import Principal
from servicekit.errors import Conflict, FieldError, PermissionDenied
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.uow import UnitOfWork
from sqlalchemy import func, select
from uuid6 import uuid7

from pipeline.adapters import accounts_repo, process_repo, repository
from pipeline.domain.access import OPENER_ROLES
from pipeline.domain.accounts import MAX_NAME, SCALES, clean_name
from pipeline.domain.model import Opportunity
from pipeline.domain.stages import DEFAULT_LABELS, OPEN
from pipeline.service_layer import messages
from pipeline.service_layer.deps import SOURCE, Deps

FROM_LEAD = "leads.qualified"  # created_by of deals the consumer opens


@dataclass(frozen=True)
class OpenByHand:
    account_name: str
    title: str
    amount_fen: int = 0
    lead_id: str = ""
    region_id: str = ""
    idempotency_key: str = ""
    industry: str = ""
    scale: str = ""


async def open_from_lead(uow: UnitOfWork, lead: lead_events.LeadQualified, deps: Deps) -> None:
    """Links (or creates) the account, adds the lead's contact, opens the deal for the
    lead's owner in the lead's region. A lead that already has a deal opens nothing."""
    if await repository.id_by_lead(uow.session, lead_id=lead.lead_id):
        return
    account = await accounts_repo.get_or_create(
        uow.session, name=lead.company or lead.name or "未命名客户", industry=lead.industry,
        province=lead.province, scale=lead.qualification.get("company_scale", ""))
    await accounts_repo.add_contact(uow.session, account_id=account.id, name=lead.name,
                                    phone=lead.phone, email=lead.email, lead_id=lead.lead_id)
    budget = lead.qualification.get("budget_fen", "")
    await _open(uow, deps, account_id=account.id, account_name=account.name,
                title=f"{account.name} 设备采购", amount_fen=int(budget) if budget.isdigit() else 0,
                owner_id=lead.owner_id, owner_username=lead.owner_username,
                region_id=lead.region_id, lead_id=lead.lead_id, created_by=FROM_LEAD, key=None)


async def open_by_hand(cmd: OpenByHand, principal: Principal, deps: Deps) -> str:
    """The new deal's id; the same idempotency key (per person) returns the first one."""
    if principal.role not in OPENER_ROLES:
        raise PermissionDenied("只有销售和区域经理可以新建商机")
    name = required_text("account_name", cmd.account_name)
    title = required_text("title", cmd.title)
    if cmd.amount_fen < 0:
        raise FieldError("amount_fen", "金额不能为负数")
    if cmd.lead_id and _not_uuid(cmd.lead_id):
        raise FieldError("lead_id", "线索 ID 格式无效")
    region = _region(cmd, principal)
    industry = clean_name(cmd.industry)[:MAX_NAME]
    if cmd.scale and cmd.scale not in SCALES:
        raise FieldError("scale", "公司规模须为 " + "、".join(SCALES))
    key = cmd.idempotency_key or None
    asked = fingerprint(name, title, cmd.amount_fen, cmd.lead_id, region, industry, cmd.scale)
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        if key:  # a concurrent retry waits here, then finds the first call's deal
            await uow.session.execute(select(func.pg_advisory_xact_lock(
                func.hashtext(f"{principal.user_id}:{key}"))))
            if found := await repository.by_key(uow.session, created_by=principal.user_id,
                                                key=key):
                check_same_request(stored=found[1], arriving=asked)  # else another deal
                return found[0]
        if cmd.lead_id and (found := await repository.id_by_lead(uow.session,
                                                                  lead_id=cmd.lead_id)):
            await _lead_taken(uow, found)
        account = await accounts_repo.get_or_create(uow.session, name=name,
                                                    industry=industry, scale=cmd.scale)
        opp_id = await _open(uow, deps, account_id=account.id, account_name=account.name,
                             title=title, amount_fen=cmd.amount_fen, owner_id=principal.user_id,
                             owner_username=principal.username, region_id=region,
                             lead_id=cmd.lead_id or None, created_by=principal.user_id, key=key,
                             asked=asked)
        await uow.commit()
    return opp_id


async def _lead_taken(uow: UnitOfWork, opportunity_id: str) -> NoReturn:
    """A lead has one deal. Answering that deal as if just opened (201, the title and
    amount asked for dropped) let a rep restarting a lost customer believe a new deal
    existed while they held the old lost one."""
    opp = await repository.get(uow.session, opportunity_id=opportunity_id)
    title, status = (opp.title, DEFAULT_LABELS.get(opp.stage, opp.stage)) if opp else ("", "")
    then = "请不带线索新建商机" if opp and opp.status != OPEN else "请在该商机中继续跟进"
    raise Conflict(f"该线索已有商机「{title}」（{status}），{then}")


async def _open(uow: UnitOfWork, deps: Deps, *, account_id: str, account_name: str,
                created_by: str, key: str | None, asked: str | None = None,
                **fields: object) -> str:
    process = await process_repo.current(uow.session)
    opp = Opportunity.open(id=str(uuid7()), account_id=account_id,
                           process_version=process.version, created_at=deps.clock(),
                           **fields)  # type: ignore[arg-type]
    await repository.add(uow.session, opp, created_by=created_by, idempotency_key=key,
                         request_hash=asked if key else None)
    messages.publish(uow, opp, account_name)
    return opp.id


def required_text(field: str, value: str) -> str:
    text = clean_name(value)
    if not text:
        raise FieldError(field, "必填")
    if len(text) > MAX_NAME:
        raise FieldError(field, f"不能超过 {MAX_NAME} 个字符")
    return text


def _region(cmd: OpenByHand, principal: Principal) -> str:
    """A rep's deal is in the rep's region; a manager's in the one they name, or their
    only region."""
    if cmd.region_id:
        if cmd.region_id not in principal.region_ids:
            raise FieldError("region_id", "只能在自己负责的区域新建商机")
        return cmd.region_id
    if principal.role == "manager" and len(principal.region_ids) > 1:
        raise FieldError("region_id", "负责多个区域时请指定区域")
    return principal.region_ids[0] if principal.region_ids else ""


def _not_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return True
    return False
