"""Contracts: made from an accepted quote, read, revised (a new version), compared."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from salesos.pipeline.v1 import contracts_pb2 as pb
from servicekit.auth import Principal
from servicekit.errors import Conflict, FieldError, NotFound, PermissionDenied
from servicekit.idempotency import check_same_request, fingerprint
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession
from uuid6 import uuid7

from pipeline.adapters import (
    accounts_repo,
    contracts_repo,
    quote_lookup,
    repository,
    signature_repo,
)
from pipeline.domain import contract_terms, stage_rules
from pipeline.domain.access import FINANCE, may_work
from pipeline.domain.contracts import CANCELLED, REJECTED, Contract, Version
from pipeline.domain.model import Opportunity
from pipeline.service_layer import contract_messages as messages
from pipeline.service_layer import contract_rounds, reach, stage_guard
from pipeline.service_layer.contract_deps import ContractDeps, Directory
from pipeline.service_layer.deps import SOURCE

SHANGHAI = ZoneInfo("Asia/Shanghai")


def terms_from(request: pb.Terms, *, default_price: int, now: datetime) -> contract_terms.Terms:
    return contract_terms.validated(
        payment_terms=request.payment_terms, delivery_date=request.delivery_date,
        warranty_months=request.warranty_months, penalties=request.penalties,
        price_fen=request.price_fen or default_price, today=now.astimezone(SHANGHAI).date())


async def _deal(session: AsyncSession, opportunity_id: str, principal: Principal,
                org: Directory | None) -> Opportunity:
    opp = await repository.get(session, opportunity_id=opportunity_id, for_update=True)
    if opp is None or not await reach.may_read(principal, org, owner_id=opp.owner_id,
                                               region_id=opp.region_id):
        raise NotFound("商机不存在")
    if not may_work(role=principal.role):
        raise PermissionDenied("无权操作此商机的合同")
    return opp


async def may_see(c: Contract, principal: Principal, org: Directory | None) -> bool:
    """The deal's scope (reach: a manager his people's contracts elsewhere too), plus
    everyone in the current approval chain, plus finance once the contract has been
    submitted (as with issued quotes: what sales commits the company to, finance reads;
    drafts stay sales' own). The directory is asked last, only when nothing else lets
    the caller in."""
    involved = {p for s in c.steps for p in (s.approver_id, s.delegated_from, s.escalate_to_id)}
    return (principal.user_id in involved) or (principal.role == FINANCE and c.round > 0) \
        or await reach.may_read(principal, org, owner_id=c.owner_id, region_id=c.region_id)


async def visible(session: AsyncSession, contract_id: str, principal: Principal,
                  org: Directory | None, *, for_update: bool = False) -> Contract:
    found = await contracts_repo.get(session, contract_id=contract_id, for_update=for_update)
    if found is None or not await may_see(found, principal, org):
        raise NotFound("合同不存在")
    return found


async def check_deal_side(c: Contract, principal: Principal, action: str,
                          org: Directory | None) -> None:
    """Acting for the deal (submitting, inviting the signer) is the deal's people's: its
    scope, not everyone who reads the contract. An approver of another region (a delegate)
    or finance reads it, and could otherwise send the signing link and its SMS code to a
    phone of their choosing, superseding the real signer's link. The owner's manager acts
    for his people's deals in other regions too (reach)."""
    if not await reach.may_read(principal, org, owner_id=c.owner_id, region_id=c.region_id):
        raise PermissionDenied(f"只有商机负责人、所在区域的经理或总监可以{action}")


async def create_contract(request: pb.CreateContractRequest, principal: Principal,
                          deps: ContractDeps) -> str:
    """The new contract's id; the same idempotency key (per person) returns the first."""
    key = request.idempotency_key or None
    asked = fingerprint(request.opportunity_id, request.quote_id,
                        {f.name: value for f, value in request.terms.ListFields()})
    async with UnitOfWork(deps.base.sessions, source=SOURCE) as uow:
        opp = await _deal(uow.session, request.opportunity_id, principal, deps.org)
        if key and (found := await contracts_repo.by_key(
                uow.session, created_by=principal.user_id, key=key)):
            check_same_request(stored=found[1], arriving=asked)  # else another contract
            return found[0]
        if opp.status != "open":
            raise Conflict("商机已关闭，不能再起草合同")
        await stage_guard.require(uow.session, opp, stage_rules.CONTRACTING_FROM,
                                  action="起草合同")
        quote = await quote_lookup.accepted_quote(uow.session, quote_id=request.quote_id,
                                                  opportunity_id=opp.id)
        if quote is None:
            raise FieldError("quote_id", "报价不存在、不属于该商机或尚未被客户接受")
        if await _open_contract(uow.session, opp.id):
            raise Conflict("该商机已有进行中的合同，请修改现有合同")
        now = deps.base.clock()
        terms = terms_from(request.terms, default_price=quote.total_fen, now=now)
        account = await accounts_repo.get(uow.session, account_id=opp.account_id)
        contract = Contract(
            id=str(uuid7()), opportunity_id=opp.id, quote_id=quote.id, owner_id=opp.owner_id,
            region_id=opp.region_id, account_name=account.name if account else "",
            title=opp.title, created_by=principal.user_id, created_at=now,
            versions=[Version(1, terms, principal.user_id, now)],
            product_codes=quote.product_codes)
        await contracts_repo.add(uow.session, contract, idempotency_key=key,
                                 request_hash=asked if key else None)
        await uow.commit()
    return contract.id


async def _open_contract(session: AsyncSession, opportunity_id: str) -> bool:
    """A rejected contract is revised; a cancelled one (its deal was lost, then reopened)
    is void, and the reopened deal gets a new one from its accepted quote."""
    latest = await contracts_repo.latest_of_deal(session, opportunity_id=opportunity_id)
    return latest is not None and latest.status not in (REJECTED, CANCELLED)


async def get_contract(contract_id: str, principal: Principal, deps: ContractDeps) -> pb.Contract:
    async with deps.base.sessions() as session:
        return await reply(session, await visible(session, contract_id, principal, deps.org))


async def reply(session: AsyncSession, c: Contract) -> pb.Contract:
    return (await replies(session, [c]))[0]


async def replies(session: AsyncSession, found: list[Contract]) -> list[pb.Contract]:
    """Contracts as answered, the signed ones' document hashes read in one statement (a
    list page costs that, not a statement per contract)."""
    signed = await signature_repo.signed_entries(
        session, contract_ids=[c.id for c in found if c.signed_at])
    return [messages.contract(c, document_sha256=signed[c.id].document_sha256
                              if c.id in signed else "") for c in found]


async def update_terms(request: pb.UpdateContractTermsRequest, principal: Principal,
                       deps: ContractDeps) -> pb.Contract:
    async with UnitOfWork(deps.base.sessions, source=SOURCE) as uow:
        c = await visible(uow.session, request.contract_id, principal, deps.org,
                          for_update=True)
        await _deal(uow.session, c.opportunity_id, principal, deps.org)
        now = deps.base.clock()
        terms = terms_from(request.terms, default_price=c.amount_fen, now=now)
        waiting = [s.id for s in c.steps if s.status == "pending"]
        if c.revise(terms, by=principal.user_id, now=now):
            await contracts_repo.add_version(uow.session, c)
            await contracts_repo.save_status(uow.session, c)
            await contract_rounds.end_round(uow, c, step_ids=waiting, now=now)
            await uow.commit()
        return await reply(uow.session, c)


async def diff(request: pb.DiffContractRequest, principal: Principal,
               deps: ContractDeps) -> pb.ContractDiff:
    async with deps.base.sessions() as session:
        c = await visible(session, request.contract_id, principal, deps.org)
    if request.against < 1:
        raise FieldError("against", "请指定要比较的版本号")
    old = c.version(request.against)
    new = c.version(request.version, field="version") if request.version else c.current
    return pb.ContractDiff(
        contract_id=c.id, from_version=old.version, to_version=new.version,
        changes=[pb.ClauseChange(**change.__dict__)
                 for change in contract_terms.diff(old.terms, new.terms)])
