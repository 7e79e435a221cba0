"""ContractService with real tokens and PostgreSQL: a contract from an accepted quote,
versions and diff, approval in order with delegation and escalation, the signature with
its append-only audit, and won only after the signature (DealWon through the outbox)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from google.protobuf.message import Message
from pipeline.adapters import accounts_repo, contracts_repo
from pipeline.adapters.contracts_orm import approval_deadlines, approval_steps, calendar_days
from pipeline.adapters.org_directory import OrgUnavailable
from pipeline.domain import signature
from pipeline.domain.approval_matrix import Person
from pipeline.domain.period import SHANGHAI
from pipeline.entrypoints.contracts_grpc import SERVICE_NAME, ContractServicer
from pipeline.entrypoints.contracts_wiring import deadline_job
from pipeline.entrypoints.quotes_grpc import QUOTE_SERVICE_NAME, QuoteServicer
from pipeline.service_layer import contract_document, delegation_end
from pipeline.service_layer.contract_deps import ContractDeps
from pipeline.service_layer.demo_data import seed_demo_catalogue
from pipeline.service_layer.deps import Deps
from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.pipeline.v1 import contracts_pb2 as cpb
from salesos.pipeline.v1 import contracts_pb2_grpc, quotes_pb2_grpc
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.errors import field_violations
from servicekit.idempotency import KEY_REUSED
from servicekit.scheduler import fire_due
from servicekit.settings import ServiceSettings
from servicekit.testing.grpc import grpc_serving
from servicekit.workcal.hours import add_working_time
from servicekit.workcal.loader import CalendarLoader, seed_calendar

from .deal_stages import reach
from .org_roster import Directory

pytestmark = pytest.mark.integration
VP, GM, BOSS = "vp-id", "gm-id", "director-id"


def _board() -> Directory:
    """The org chart with the board: the sales VP, the general manager and the director
    (each test adds a region with its manager)."""
    return Directory([Person(VP, "vp", "director", "", GM, True),
                      Person(GM, "gm", "director", "", "", True),
                      Person(BOSS, "director", "director", "", "", True)])


@pytest.fixture(scope="module")
def directory() -> Directory:
    return _board()


@pytest.fixture(scope="module")
async def stubs(deps: Deps, directory: Directory) -> AsyncIterator[tuple[Any, Any]]:
    await seed_demo_catalogue(deps.sessions)
    await seed_calendar(deps.sessions, calendar_days)
    cdeps = ContractDeps(base=deps, org=directory, demo=True,
                         calendars=CalendarLoader(calendar_days))

    def register(server: grpc.aio.Server) -> list[str]:
        quotes_pb2_grpc.add_QuoteServiceServicer_to_server(QuoteServicer(deps), server)
        contracts_pb2_grpc.add_ContractServiceServicer_to_server(ContractServicer(cdeps), server)
        return [QUOTE_SERVICE_NAME, SERVICE_NAME]

    settings = ServiceSettings(demo=True, service_name="pipeline")
    async with grpc_serving(settings, register) as addr, \
            grpc.aio.insecure_channel(addr) as channel:
        yield (quotes_pb2_grpc.QuoteServiceStub(channel),
               contracts_pb2_grpc.ContractServiceStub(channel))


def team(auth: Any, directory: Directory) -> dict[str, Any]:
    region, manager_id, rep_id = f"r-{uuid.uuid4()}", f"mgr-{uuid.uuid4()}", f"rep-{uuid.uuid4()}"
    directory.roster += [Person(manager_id, manager_id, "manager", region, BOSS, True, (region,)),
                         Person(rep_id, rep_id, "rep", region, manager_id, True)]
    return {"region": region, "manager_id": manager_id, "rep_id": rep_id,
            "rep": auth("rep", user_id=rep_id, region_ids=(region,)),
            "manager": auth("manager", user_id=manager_id, region_ids=(region,)),
            "vp": auth("director", user_id=VP), "gm": auth("director", user_id=GM),
            "boss": auth("director", user_id=BOSS), "gateway": auth("service")}


TERMS = cpb.Terms(payment_terms="预付 30%，发货前付清", delivery_date="2030-03-01",
                  warranty_months=12, penalties="逾期交货每日 0.05%")


# 630,000 CNY: the region's manager, then the VP (from 500,000 CNY).
BIG_DEAL = (("PAL-R200", 1), ("OPT-MON", 2))
# 180,000 CNY: the region's manager alone, at its quote's total, at 175,000 (2.78 % off,
# within a rep's 5 %) or at any price above it below 500,000.
SMALL_DEAL = (("AGV-500", 1),)


async def issued_quote(stub: Any, quotes: Any, rep: Any, lines: Any = BIG_DEAL
                       ) -> tuple[pb.Opportunity, qpb.Quote]:
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"佛山包装{uuid.uuid4().hex[:6]}有限公司", title="码垛线"), metadata=rep)
    await reach(opp.id, "contract")  # its contract will be signed in 签约
    quote = await quotes.CreateQuote(qpb.CreateQuoteRequest(opportunity_id=opp.id, lines=[
        qpb.QuoteLineRequest(product_code=code, quantity=n) for code, n in lines]),
        metadata=rep)
    return opp, await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=quote.id), metadata=rep)


async def accepted_quote(stub: Any, quotes: Any, rep: Any, lines: Any = BIG_DEAL
                         ) -> tuple[pb.Opportunity, qpb.Quote]:
    opp, quote = await issued_quote(stub, quotes, rep, lines)
    return opp, await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=quote.id), metadata=rep)


async def drafted(stub: Any, stubs: Any, p: dict[str, Any], lines: Any = BIG_DEAL,
                  **terms: Any) -> tuple[pb.Opportunity, cpb.Contract]:
    quotes, contracts = stubs
    opp, quote = await accepted_quote(stub, quotes, p["rep"], lines)
    t = cpb.Terms()
    t.CopyFrom(TERMS)
    for name, value in terms.items():
        setattr(t, name, value)
    return opp, await contracts.CreateContract(cpb.CreateContractRequest(
        opportunity_id=opp.id, quote_id=quote.id, terms=t), metadata=p["rep"])


async def events(deps: Deps, aggregate_id: str, kind: str, message: type[Message]
                 ) -> list[Any]:
    async with deps.sessions() as session:
        rows = (await session.execute(sa.text(
            "SELECT payload FROM outbox WHERE aggregate_id = :id AND type = :type "
            "ORDER BY created_at, id"), {"id": aggregate_id, "type": kind})).scalars().all()
    found = []
    for row in rows:
        event = message()
        Envelope.FromString(row).payload.Unpack(event)
        found.append(event)
    return found


async def denied(call: Any, code: grpc.StatusCode) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call
    assert refused.value.code() == code, refused.value.details()
    return refused.value


async def test_a_contract_comes_from_an_accepted_quote_and_edits_make_versions_to_compare(
    stub, stubs, auth, directory,
) -> None:
    quotes, contracts = stubs
    p = team(auth, directory)
    opp, quote = await issued_quote(stub, quotes, p["rep"])
    request = cpb.CreateContractRequest(opportunity_id=opp.id, quote_id=quote.id, terms=TERMS,
                                        idempotency_key="c-1")
    refused = await denied(contracts.CreateContract(request, metadata=p["rep"]),
                           grpc.StatusCode.INVALID_ARGUMENT)  # issued, not yet accepted
    assert field_violations(refused)[0][0] == "quote_id"
    await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=quote.id), metadata=p["rep"])
    first = await contracts.CreateContract(request, metadata=p["rep"])
    again = await contracts.CreateContract(request, metadata=p["rep"])
    assert first.id == again.id
    assert (first.status, first.current_version, first.terms.price_fen) == (
        "draft", 1, quote.total_fen)
    assert list(first.product_codes) == ["PAL-R200", "OPT-MON"]
    revised = cpb.Terms()
    revised.CopyFrom(TERMS)
    revised.warranty_months, revised.price_fen = 24, quote.total_fen - 1_000_000
    second = await contracts.UpdateContractTerms(cpb.UpdateContractTermsRequest(
        contract_id=first.id, terms=revised), metadata=p["rep"])
    assert second.current_version == 2 and len(second.versions) == 2
    diff = await contracts.DiffContract(cpb.DiffContractRequest(contract_id=first.id, against=1),
                                        metadata=p["rep"])
    assert (diff.changes[0].clause, diff.changes[0].label, diff.changes[0].old_text,
            diff.changes[0].new_text) == (
        "warranty", "质保期", "12 个月", "24 个月")
    assert [c.clause for c in diff.changes] == ["warranty", "price"]
    stranger = auth("rep", region_ids=(p["region"],))
    await denied(contracts.GetContract(cpb.GetContractRequest(contract_id=first.id),
                                       metadata=stranger), grpc.StatusCode.NOT_FOUND)
    deal = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp.id),
                                     metadata=p["rep"])
    assert (deal.contract_id, deal.contract_status) == (first.id, "draft")


async def test_a_diff_with_a_version_the_contract_lacks_names_that_parameter(
    stub, stubs, auth, directory,
) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    _, c = await drafted(stub, stubs, p)
    for against, version, field in ((9, 0, "against"), (1, 9, "version")):
        error = await denied(contracts.DiffContract(cpb.DiffContractRequest(
            contract_id=c.id, against=against, version=version), metadata=p["rep"]),
            grpc.StatusCode.INVALID_ARGUMENT)
        assert [f for f, _ in field_violations(error)] == [field]


async def test_steps_are_decided_in_order_and_anyone_else_is_refused_with_nothing_changed(
    stub, stubs, deps, auth, directory,
) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    _, c = await drafted(stub, stubs, p)  # 630,000 CNY: the region's manager, then the VP
    submitted = await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                               metadata=p["rep"])
    assert [(s.label, s.approver_id, s.status) for s in submitted.approval] == [
        ("区域总监", p["manager_id"], "pending"), ("销售副总裁", VP, "waiting")]
    approve = cpb.DecideContractRequest(contract_id=c.id, decision="approve", comment="同意")
    for outsider in (p["vp"], p["rep"]):
        await denied(contracts.DecideContract(approve, metadata=outsider),
                     grpc.StatusCode.PERMISSION_DENIED)
    unchanged = await contracts.GetContract(cpb.GetContractRequest(contract_id=c.id),
                                            metadata=p["rep"])
    assert [s.status for s in unchanged.approval] == ["pending", "waiting"]
    after_manager = await contracts.DecideContract(approve, metadata=p["manager"])
    assert after_manager == await contracts.DecideContract(approve, metadata=p["manager"])
    assert [s.status for s in after_manager.approval] == ["approved", "pending"]
    done = await contracts.DecideContract(approve, metadata=p["vp"])
    assert done.status == "approved"
    requested = await events(deps, c.id, "pipeline.approval_requested", ev_pb2.ApprovalRequested)
    assert [(e.step, e.approver_id) for e in requested] == [(1, p["manager_id"]), (2, VP)]
    decided = await events(deps, c.id, "pipeline.approval_decided", ev_pb2.ApprovalDecided)
    assert [(e.step, e.decision, e.final) for e in decided] == [
        (1, "approved", False), (2, "approved", True)]
    # a decision names the step it decided, the same id its requests announced
    assert [e.step_id for e in decided] == [e.step_id for e in requested] != ["", ""]


async def test_a_price_cut_below_the_quote_keeps_every_approver_the_quote_needs(
    stub, stubs, auth, directory,
) -> None:
    """The customer accepted 630,000 CNY of equipment (the region's manager, then the VP).
    Drafted at 1 CNY it is a 100 % discount nobody may give: refused, naming the price.
    A little below the quote the company still delivers what the quote lists, so the VP
    must still see it: a lower price never takes an approver away."""
    _, contracts = stubs
    p = team(auth, directory)
    _, free = await drafted(stub, stubs, p, price_fen=100)
    refused = await denied(contracts.SubmitContract(cpb.SubmitContractRequest(
        contract_id=free.id), metadata=p["rep"]), grpc.StatusCode.INVALID_ARGUMENT)
    [(field, why)] = field_violations(refused)
    assert field == "price_fen" and "隐含折扣 100%" in why, why
    _, c = await drafted(stub, stubs, p, price_fen=61_000_000)  # 3.18 % off
    submitted = await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                               metadata=p["rep"])
    assert [(s.label, s.approver_id) for s in submitted.approval] == [
        ("区域总监", p["manager_id"]), ("销售副总裁", VP)]
    # Above the quote, the price itself sizes the chain, as it always did.
    _, dearer = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=60_000_000)
    submitted = await contracts.SubmitContract(cpb.SubmitContractRequest(
        contract_id=dearer.id), metadata=p["rep"])
    assert [s.label for s in submitted.approval] == ["区域总监", "销售副总裁"]
    assert [s.reason for s in submitted.approval] == ["", ""]  # no discount to explain


# 480,000 CNY: two AGVs and six installation visits (below 500,000: no VP by amount).
MID_DEAL = (("AGV-500", 2), ("SVC-INS", 6))


async def submit_at(stub: Any, stubs: Any, p: dict[str, Any], price_fen: int) -> Any:
    _, c = await drafted(stub, stubs, p, MID_DEAL, price_fen=price_fen)
    return stubs[1].SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                   metadata=p["rep"])


async def test_a_contract_below_its_quote_needs_whom_its_discount_needs(
    stub, stubs, deps, auth, directory,
) -> None:
    """Quote 480,000 CNY. At 470,000 (2.09 % off, within a rep's 5 %) the region's manager
    decides alone, as before; at 360,000 (25 %) the director must too, and both read why;
    at 300,000 (37.5 %, above every limit) nobody may, as no such quote could be issued."""
    p = team(auth, directory)
    near = await (await submit_at(stub, stubs, p, 47_000_000))
    assert [(s.approver_id, s.reason) for s in near.approval] == [(
        p["manager_id"], "合同价 ¥470,000.00 低于客户接受的报价 V1（总价 ¥480,000.00），"
                         "隐含折扣 2.09%")]
    deep = await (await submit_at(stub, stubs, p, 36_000_000))
    assert [(s.level, s.label, s.approver_id) for s in deep.approval] == [
        ("regional_director", "区域总监", p["manager_id"]),
        ("discount", "折扣审批（总监）", BOSS)]
    assert deep.approval[1].reason.endswith("隐含折扣 25%，须总监审批")
    decided = await stubs[1].DecideContract(cpb.DecideContractRequest(
        contract_id=deep.id, decision="approve"), metadata=p["manager"])
    assert (decided.status, decided.approval[1].status) == ("pending_approval", "pending")
    asked = await events(deps, deep.id, "pipeline.approval_requested", ev_pb2.ApprovalRequested)
    assert [e.reason for e in asked] == ["", deep.approval[1].reason]  # the director hears why
    await denied(stubs[1].DecideContract(cpb.DecideContractRequest(  # the director's step
        contract_id=deep.id, decision="reject", comment="价格可以"), metadata=p["manager"]),
        grpc.StatusCode.PERMISSION_DENIED)
    final = await stubs[1].DecideContract(cpb.DecideContractRequest(
        contract_id=deep.id, decision="approve"), metadata=p["boss"])
    assert final.status == "approved"
    refused = await denied(await submit_at(stub, stubs, p, 30_000_000),
                           grpc.StatusCode.INVALID_ARGUMENT)
    [(field, why)] = field_violations(refused)
    assert field == "price_fen" and "隐含折扣 37.5%" in why and "30%" in why, why


async def test_the_discount_limits_an_admin_sets_decide_the_contracts_too(
    stub, stubs, auth, directory,
) -> None:
    """One set of thresholds: raise the director's limit to 40 % and the 300,000 CNY
    contract of a 480,000 CNY quote (37.5 %) goes to the director instead of being refused."""
    quotes, _ = stubs
    admin, p = auth("admin"), team(auth, directory)
    before = await quotes.GetDiscountLimits(qpb.GetDiscountLimitsRequest(), metadata=admin)
    await quotes.PutDiscountLimits(qpb.DiscountLimits(limits=[
        qpb.DiscountLimit(role="director", max_bp=4_000)]), metadata=admin)
    try:
        submitted = await (await submit_at(stub, stubs, p, 30_000_000))
    finally:
        await quotes.PutDiscountLimits(before, metadata=admin)
    assert [s.approver_id for s in submitted.approval] == [p["manager_id"], BOSS]
    assert "隐含折扣 37.5%，须总监审批" in submitted.approval[1].reason


async def test_a_contract_whose_quote_is_gone_is_not_approved_blind(
    stub, stubs, auth, directory, deps,
) -> None:
    """Without the quote there is nothing to measure the price against: 409, no steps."""
    p = team(auth, directory)
    _, c = await drafted(stub, stubs, p, MID_DEAL, price_fen=36_000_000)
    async with deps.sessions() as session, session.begin():  # e.g. a bad data repair
        await session.execute(sa.text("UPDATE contracts SET quote_id = :q WHERE id = :id"),
                              {"q": uuid.uuid4(), "id": uuid.UUID(c.id)})
    refused = await denied(stubs[1].SubmitContract(cpb.SubmitContractRequest(
        contract_id=c.id), metadata=p["rep"]), grpc.StatusCode.FAILED_PRECONDITION)
    assert "报价已不存在" in refused.details()
    read = await stubs[1].GetContract(cpb.GetContractRequest(contract_id=c.id),
                                      metadata=p["rep"])
    assert (read.status, list(read.approval)) == ("draft", [])


async def test_a_matrix_naming_nobody_or_a_rep_as_approver_is_refused_and_not_saved(
    stubs, auth, directory,
) -> None:
    """The admin hears of a typo at once, not each rep at their next big contract."""
    _, contracts = stubs
    admin = auth("admin")
    before = await contracts.GetApprovalMatrix(cpb.GetApprovalMatrixRequest(), metadata=admin)
    directory.roster.append(Person("rep-x", "rep-x", "rep", "r-x", "", True))
    directory.roster.append(Person("gone", "gone", "director", "", "", False))
    for username in ("nobody", "rep-x", "gone"):
        levels = [cpb.MatrixLevel(code="regional_director", label="区域总监", from_fen=0,
                                  approver_kind="region_manager"),
                  cpb.MatrixLevel(code="sales_vp", label="销售副总裁", from_fen=50_000_000,
                                  approver_kind="user", approver_username=username)]
        error = await denied(contracts.PutApprovalMatrix(
            cpb.PutApprovalMatrixRequest(levels=levels), metadata=admin),
            grpc.StatusCode.INVALID_ARGUMENT)
        assert [f for f, _ in field_violations(error)] == ["levels.1.approver_username"]
    after = await contracts.GetApprovalMatrix(cpb.GetApprovalMatrixRequest(), metadata=admin)
    assert after.version == before.version


async def test_terms_changed_after_approval_go_back_to_draft_and_need_approval_again(
    stub, stubs, deps, auth, directory,
) -> None:
    """The customer asks for other payment terms after approval: the rep revises (a new
    version, a draft again), the old link cannot sign anything, and the new terms are
    approved before the customer can sign them."""
    _, contracts = stubs
    p = team(auth, directory)
    _, c = await approved(stub, stubs, p)
    invite = await contracts.RequestSignature(cpb.RequestSignatureRequest(
        contract_id=c.id, signer_name="王总", signer_phone="13812345678"), metadata=p["rep"])
    changed = cpb.Terms()
    changed.CopyFrom(c.versions[-1].terms)
    changed.payment_terms = "预付 50%，发货前付清"
    revised = await contracts.UpdateContractTerms(cpb.UpdateContractTermsRequest(
        contract_id=c.id, terms=changed), metadata=p["rep"])
    assert (revised.status, revised.current_version) == ("draft", 2)
    await denied(contracts.Sign(cpb.SignRequest(token=invite.token, code=invite.demo_code,
                                                signer_name="王总"), metadata=p["gateway"]),
                 grpc.StatusCode.FAILED_PRECONDITION)
    again = await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                           metadata=p["rep"])
    assert (again.status, [s.status for s in again.approval]) == ("pending_approval",
                                                                  ["pending"])
    # Revising while the approver looks at it withdraws the round: off their list, no chasing.
    changed.warranty_months = 24
    withdrawn = await contracts.UpdateContractTerms(cpb.UpdateContractTermsRequest(
        contract_id=c.id, terms=changed), metadata=p["rep"])
    assert (withdrawn.status, [s.status for s in withdrawn.approval]) == ("draft",
                                                                         ["cancelled"])
    todo = await contracts.ListContracts(cpb.ListContractsRequest(awaiting_me=True),
                                         metadata=p["manager"])
    assert c.id not in [x.id for x in todo.contracts]
    async with deps.sessions() as session:
        unfired = (await session.execute(sa.select(sa.func.count()).select_from(
            approval_deadlines.join(approval_steps,
                                    approval_steps.c.id == approval_deadlines.c.step_id))
            .where(approval_steps.c.contract_id == uuid.UUID(c.id),
                   approval_deadlines.c.fired_at.is_(None)))).scalar_one()
    assert unfired == 0


async def test_a_rejected_contract_is_revised_and_resubmitted(stub, stubs, auth,
                                                               directory) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    _, c = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=30_000_000)
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id), metadata=p["rep"])
    reject = cpb.DecideContractRequest(contract_id=c.id, decision="reject")
    refused = await denied(contracts.DecideContract(reject, metadata=p["manager"]),
                           grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(refused)[0][0] == "comment"
    reject.comment = "付款条件需改为全款发货"
    assert (await contracts.DecideContract(reject, metadata=p["manager"])).status == "rejected"
    terms = cpb.Terms()
    terms.CopyFrom(TERMS)
    terms.payment_terms, terms.price_fen = "全款发货", 30_000_000
    revised = await contracts.UpdateContractTerms(cpb.UpdateContractTermsRequest(
        contract_id=c.id, terms=terms), metadata=p["rep"])
    assert (revised.status, revised.current_version) == ("draft", 2)
    again = await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                           metadata=p["rep"])
    assert [(s.round, s.status) for s in again.approval] == [(2, "pending")]


async def test_an_away_approvers_steps_go_to_the_delegate_and_waiting_ones_move(
    stub, stubs, deps, auth, directory,
) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    _, waiting = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=waiting.id),
                                   metadata=p["rep"])
    until = datetime.now(UTC) + timedelta(days=3)
    delegation = cpb.SetDelegationRequest(to_user_id=BOSS)
    delegation.until.FromDatetime(until)
    set_ = await contracts.SetDelegation(delegation, metadata=p["manager"])
    assert set_.to_user_id == BOSS
    moved = await contracts.GetContract(cpb.GetContractRequest(contract_id=waiting.id),
                                        metadata=p["rep"])
    assert (moved.approval[0].approver_id, moved.approval[0].delegated_from) == (
        BOSS, p["manager_id"])
    _, later = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
    new = await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=later.id),
                                         metadata=p["rep"])
    assert (new.approval[0].approver_id, new.approval[0].delegated_from) == (
        BOSS, p["manager_id"])
    approved = await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=later.id, decision="approve", comment="代批"), metadata=p["boss"])
    assert approved.status == "approved" and approved.approval[0].decided_by == BOSS
    # The manager may still decide their steps (QA #14), but the delegate's came first.
    await denied(contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=later.id, decision="approve"), metadata=p["manager"]),
        grpc.StatusCode.FAILED_PRECONDITION)
    requested = await events(deps, waiting.id, "pipeline.approval_requested",
                             ev_pb2.ApprovalRequested)
    assert [(e.approver_id, e.delegated_from) for e in requested] == [
        (p["manager_id"], ""), (BOSS, p["manager_id"])]
    bad = cpb.SetDelegationRequest(to_user_id=p["manager_id"])
    bad.until.FromDatetime(until)
    refused = await denied(contracts.SetDelegation(bad, metadata=p["manager"]),
                           grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(refused)[0][0] == "to_user_id"


async def on_list(contracts: Any, who: Any) -> list[str]:
    todo = await contracts.ListContracts(cpb.ListContractsRequest(awaiting_me=True),
                                         metadata=who)
    return [c.id for c in todo.contracts]


async def test_an_approver_back_early_gets_back_the_steps_the_delegate_has_not_decided(
    stub, stubs, deps, auth, directory,
) -> None:
    """The manager is away with the director covering; two contracts wait. The director
    approves one; the manager comes back early and ends the delegation: the other is the
    manager's again (his to-do list, his reminders), no longer the director's, and the
    approved one stays approved."""
    _, contracts = stubs
    p = team(auth, directory)
    waiting = []
    for _ in range(2):
        _, c = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
        await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                       metadata=p["rep"])
        waiting.append(c.id)
    away = cpb.SetDelegationRequest(to_user_id=BOSS)
    away.until.FromDatetime(datetime.now(UTC) + timedelta(days=3))
    await contracts.SetDelegation(away, metadata=p["manager"])
    decided, held = waiting
    await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=decided, decision="approve"), metadata=p["boss"])

    await contracts.SetDelegation(cpb.SetDelegationRequest(), metadata=p["manager"])
    back = await contracts.GetContract(cpb.GetContractRequest(contract_id=held),
                                       metadata=p["rep"])
    assert (back.approval[0].approver_id, back.approval[0].delegated_from) == (
        p["manager_id"], "")
    assert held in await on_list(contracts, p["manager"])
    assert held not in await on_list(contracts, p["boss"])
    requested = await events(deps, held, "pipeline.approval_requested",
                             ev_pb2.ApprovalRequested)
    assert [(e.approver_id, e.delegated_from) for e in requested][-1] == (p["manager_id"], "")
    async with deps.sessions() as session:  # the reminders now chase the manager
        unfired = (await session.execute(sa.select(sa.func.count()).select_from(
            approval_deadlines.join(approval_steps,
                                    approval_steps.c.id == approval_deadlines.c.step_id))
            .where(approval_steps.c.contract_id == uuid.UUID(held),
                   approval_deadlines.c.fired_at.is_(None)))).scalar_one()
    assert unfired == 2
    await denied(contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=held, decision="approve"), metadata=p["boss"]),
        grpc.StatusCode.PERMISSION_DENIED)
    still = await contracts.GetContract(cpb.GetContractRequest(contract_id=decided),
                                        metadata=p["rep"])
    assert (still.status, still.approval[0].decided_by) == ("approved", BOSS)
    mine = await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=held, decision="approve"), metadata=p["manager"])
    assert mine.status == "approved"


async def test_when_a_delegation_runs_out_the_held_steps_go_back_to_the_approver(
    stub, stubs, deps, auth, directory,
) -> None:
    """Nobody ends it by hand: at its `until` the manager's waiting contract is his again."""
    _, contracts = stubs
    p = team(auth, directory)
    _, c = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                   metadata=p["rep"])
    until = datetime.now(UTC) + timedelta(days=1)
    away = cpb.SetDelegationRequest(to_user_id=BOSS)
    away.until.FromDatetime(until)
    await contracts.SetDelegation(away, metadata=p["manager"])
    cdeps = ContractDeps(base=dataclasses.replace(deps, clock=lambda: later), org=directory,
                         calendars=CalendarLoader(calendar_days))
    job = delegation_end.ends_job(cdeps, interval_seconds=1)
    later = until - timedelta(seconds=1)
    while await fire_due(job, deps.sessions, source="pipeline", now=later):
        pass
    assert c.id in await on_list(contracts, p["boss"])  # not yet
    later = until + timedelta(seconds=1)
    while await fire_due(job, deps.sessions, source="pipeline", now=later):
        pass
    back = await contracts.GetContract(cpb.GetContractRequest(contract_id=c.id),
                                       metadata=p["rep"])
    assert back.approval[0].approver_id == p["manager_id"]
    assert c.id in await on_list(contracts, p["manager"])
    assert c.id not in await on_list(contracts, p["boss"])


async def test_a_waiting_step_reminds_after_a_working_day_then_escalates_to_the_manager(
    stub, stubs, deps, auth, directory,
) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    _, c = await drafted(stub, stubs, p)
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id), metadata=p["rep"])
    async with deps.sessions() as session:  # the waits count working time only
        step = (await session.execute(sa.select(approval_steps).where(
            approval_steps.c.contract_id == uuid.UUID(c.id),
            approval_steps.c.status == "pending"))).one()
        due = dict((await session.execute(sa.select(
            approval_deadlines.c.level, approval_deadlines.c.due_at).where(
            approval_deadlines.c.step_id == step.id))).all())
        start = step.activated_at
        calendar = await CalendarLoader(calendar_days).load(session, start.year, start.year + 1)
    assert due == {1: add_working_time(start, 7.5, calendar),
                   2: add_working_time(start, 15, calendar)}
    job = deadline_job(interval_seconds=1)
    while await fire_due(job, deps.sessions, source="pipeline",
                         now=due[1] - timedelta(seconds=1)):
        pass
    assert not await events(deps, c.id, "pipeline.approval_escalated", ev_pb2.ApprovalEscalated)
    while await fire_due(job, deps.sessions, source="pipeline", now=due[1]):
        pass
    reminded = await events(deps, c.id, "pipeline.approval_escalated", ev_pb2.ApprovalEscalated)
    assert [(e.level, e.escalated_to_id) for e in reminded] == [(1, p["manager_id"])]
    while await fire_due(job, deps.sessions, source="pipeline", now=due[2]):
        pass
    escalated = await events(deps, c.id, "pipeline.approval_escalated", ev_pb2.ApprovalEscalated)
    assert [(e.level, e.escalated_to_id) for e in escalated] == [
        (1, p["manager_id"]), (2, BOSS)]
    await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=c.id, decision="approve"), metadata=p["manager"])
    async with deps.sessions() as session:  # the VP's step has its own pair of rows
        rows = (await session.execute(sa.select(approval_deadlines.c.level).where(
            approval_deadlines.c.fired_at.is_(None),
            approval_deadlines.c.step_id.in_(sa.text(
                f"(SELECT id FROM approval_steps WHERE contract_id = '{c.id}')"))))).all()
    assert sorted(r.level for r in rows) == [1, 2]


def reused(error: grpc.aio.AioRpcError) -> bool:
    return error.code() == grpc.StatusCode.INVALID_ARGUMENT and \
        field_violations(error) == [("Idempotency-Key", KEY_REUSED)]


async def test_a_key_reused_for_other_terms_or_another_deal_is_refused_and_drafts_nothing(
    stub, stubs, auth, directory,
) -> None:
    """Answering with the first contract would drop the changed terms, or leave the
    second deal without its contract, without a word."""
    quotes, contracts = stubs
    p = team(auth, directory)
    opp, quote = await accepted_quote(stub, quotes, p["rep"])
    ask = cpb.CreateContractRequest(opportunity_id=opp.id, quote_id=quote.id, terms=TERMS,
                                    idempotency_key="c-2")
    first = await contracts.CreateContract(ask, metadata=p["rep"])
    other_terms = cpb.CreateContractRequest()
    other_terms.CopyFrom(ask)
    other_terms.terms.warranty_months = 24
    assert reused(await denied(contracts.CreateContract(other_terms, metadata=p["rep"]),
                               grpc.StatusCode.INVALID_ARGUMENT))
    opp2, quote2 = await accepted_quote(stub, quotes, p["rep"])
    elsewhere = cpb.CreateContractRequest(opportunity_id=opp2.id, quote_id=quote2.id,
                                          terms=TERMS, idempotency_key="c-2")
    assert reused(await denied(contracts.CreateContract(elsewhere, metadata=p["rep"]),
                               grpc.StatusCode.INVALID_ARGUMENT))
    assert not (await contracts.ListContracts(cpb.ListContractsRequest(
        opportunity_id=opp2.id), metadata=p["rep"])).contracts
    again = await contracts.CreateContract(ask, metadata=p["rep"])  # the real retry
    assert again.id == first.id and again.terms.warranty_months == 12


async def approved(stub: Any, stubs: Any, p: dict[str, Any]) -> tuple[pb.Opportunity, Any]:
    _, contracts = stubs
    opp, c = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id), metadata=p["rep"])
    return opp, await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=c.id, decision="approve"), metadata=p["manager"])


async def test_each_contract_takes_the_next_number_of_its_year_and_is_found_by_it(
    stub, stubs, auth, directory,
) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    _, first = await drafted(stub, stubs, p)
    _, second = await drafted(stub, stubs, p)
    year = datetime.now(UTC).astimezone(SHANGHAI).year
    assert first.number.startswith(f"HT-{year}-") and second.number.startswith(f"HT-{year}-")
    assert int(second.number[-5:]) == int(first.number[-5:]) + 1
    # Typed as people type it off paper: lower case, a stray space.
    found = await contracts.ListContracts(cpb.ListContractsRequest(
        number=f" {second.number.lower()}"), metadata=p["rep"])
    assert [c.id for c in found.contracts] == [second.id]
    fetched = await contracts.GetContract(cpb.GetContractRequest(contract_id=first.id),
                                          metadata=p["rep"])
    assert fetched.number == first.number


async def test_signing_checks_the_code_records_the_exact_document_and_detects_changes(
    stub, stubs, deps, auth, directory,
) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    _, draft = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
    ask = cpb.RequestSignatureRequest(contract_id=draft.id, signer_name="王总",
                                      signer_phone="138 1234 5678")
    await denied(contracts.RequestSignature(ask, metadata=p["rep"]),
                 grpc.StatusCode.FAILED_PRECONDITION)
    _, c = await approved(stub, stubs, p)
    ask.contract_id = c.id
    invite = await contracts.RequestSignature(ask, metadata=p["rep"])
    assert invite.signer_phone == "+8613812345678" and len(invite.demo_code) == 6
    sms = await events(deps, c.id, "pipeline.signature_requested", ev_pb2.SignatureRequested)
    assert (sms[0].code, sms[0].signer_phone) == (invite.demo_code, "+8613812345678")
    await denied(contracts.GetSigningDocument(cpb.SigningTokenRequest(token=invite.token),
                                              metadata=p["rep"]),
                 grpc.StatusCode.PERMISSION_DENIED)
    doc = await contracts.GetSigningDocument(cpb.SigningTokenRequest(token=invite.token),
                                             metadata=p["gateway"])
    assert "合同价格：¥175,000.00" in doc.document and doc.attempts_left == 5
    assert f"合同编号：{c.number}" in doc.document
    # What is bought, by name and quantity, as the accepted quote lists it.
    quote = await stubs[0].GetQuote(qpb.GetQuoteRequest(quote_id=c.quote_id),
                                    metadata=p["rep"])
    for n, line in enumerate(quote.lines, 1):
        assert (f"  {n}. {line.product_name}（{line.product_code}）× {line.quantity} "
                f"{line.unit}") in doc.document
    # Someone else than the invited signer, with the code: refused, no attempt used.
    other = cpb.SignRequest(token=invite.token, code=invite.demo_code, signer_name="李四")
    refused = await denied(contracts.Sign(other, metadata=p["gateway"]),
                           grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(refused)[0][0] == "signer_name" and "王总" in refused.details()
    wrong = "000000" if invite.demo_code != "000000" else "111111"
    sign = cpb.SignRequest(token=invite.token, code=wrong, signer_name="王总", ip="10.0.0.8",
                           user_agent="Mozilla/5.0")
    refused = await denied(contracts.Sign(sign, metadata=p["gateway"]),
                           grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(refused)[0][0] == "code"
    still = await contracts.GetContract(cpb.GetContractRequest(contract_id=c.id),
                                        metadata=p["rep"])
    assert still.status == "approved"
    again = await contracts.GetSigningDocument(cpb.SigningTokenRequest(token=invite.token),
                                               metadata=p["gateway"])
    assert again.attempts_left == 4  # the wrong code counted, the wrong name did not
    sign.code = invite.demo_code
    receipt = await contracts.Sign(sign, metadata=p["gateway"])
    assert receipt.document_sha256 == doc.document_sha256
    await denied(contracts.Sign(sign, metadata=p["gateway"]), grpc.StatusCode.FAILED_PRECONDITION)
    check = await contracts.VerifyContract(cpb.VerifyContractRequest(contract_id=c.id),
                                           metadata=p["rep"])
    assert (check.signed, check.unchanged, check.ip, check.user_agent) == (
        True, True, "10.0.0.8", "Mozilla/5.0")
    completed = await events(deps, c.id, "pipeline.signature_completed",
                             ev_pb2.SignatureCompleted)
    assert [e.document_sha256 for e in completed] == [doc.document_sha256]
    async with deps.sessions() as session, session.begin():
        await session.execute(sa.text(  # someone edits the signed terms behind our back
            "UPDATE contract_versions SET terms = jsonb_set(terms, '{warranty_months}', '1') "
            "WHERE contract_id = :id"), {"id": c.id})
    tampered = await contracts.VerifyContract(cpb.VerifyContractRequest(contract_id=c.id),
                                              metadata=p["rep"])
    assert (tampered.signed, tampered.unchanged) == (True, False)
    assert tampered.signed_sha256 == doc.document_sha256 != tampered.current_sha256


async def test_a_contract_signed_in_the_first_document_layout_still_verifies_as_unchanged(
    stub, stubs, deps, auth, directory,
) -> None:
    """Contracts signed before documents listed products by name were rendered with a line
    of product codes; their check must re-render that layout, not call them changed."""
    _, contracts = stubs
    p = team(auth, directory)
    _, c = await approved(stub, stubs, p)
    invite = await contracts.RequestSignature(cpb.RequestSignatureRequest(
        contract_id=c.id, signer_name="王总", signer_phone="13812345678"), metadata=p["rep"])
    async with deps.sessions() as session, session.begin():
        stored = await contracts_repo.get(session, contract_id=c.id)
        first_layout = await contract_document.document(session, stored, c.current_version,
                                                        itemised=False)
        assert "\n产品：" in first_layout and not signature.itemised(first_layout)
        await session.execute(sa.text(  # as the signing of an earlier release wrote it
            "INSERT INTO signature_audit (contract_id, request_id, action, version, document,"
            " document_sha256, signer_name, ip, user_agent, at) VALUES (:c, :r, 'signed', :v,"
            " :doc, :sha, '王总', '', '', now())"),
            {"c": c.id, "r": invite.request_id, "v": c.current_version, "doc": first_layout,
             "sha": signature.sha256(first_layout)})
    check = await contracts.VerifyContract(cpb.VerifyContractRequest(contract_id=c.id),
                                           metadata=p["rep"])
    assert (check.signed, check.unchanged) == (True, True)


async def test_a_second_link_of_a_signed_contract_no_longer_shows_a_form_to_sign(
    stub, stubs, auth, directory,
) -> None:
    """The rep sent the link twice; once the customer signed, the other link says so
    instead of offering the document for signature again."""
    _, contracts = stubs
    p = team(auth, directory)
    _, c = await approved(stub, stubs, p)
    ask = cpb.RequestSignatureRequest(contract_id=c.id, signer_name="王总",
                                      signer_phone="13812345678")
    first = await contracts.RequestSignature(ask, metadata=p["rep"])
    second = await contracts.RequestSignature(ask, metadata=p["rep"])
    await contracts.Sign(cpb.SignRequest(token=first.token, code=first.demo_code,
                                         signer_name="王总"), metadata=p["gateway"])
    error = await denied(contracts.GetSigningDocument(
        cpb.SigningTokenRequest(token=second.token), metadata=p["gateway"]),
        grpc.StatusCode.FAILED_PRECONDITION)
    assert "已签署" in error.details()


async def test_a_key_reused_for_another_signer_is_refused_and_the_first_link_still_works(
    stub, stubs, auth, directory,
) -> None:
    """A retry makes a fresh link (the old one stops); the key reused for another signer
    or contract used to do the same, and the first signer's link died without a word."""
    _, contracts = stubs
    p = team(auth, directory)
    _, c = await approved(stub, stubs, p)
    _, c2 = await approved(stub, stubs, p)
    ask = cpb.RequestSignatureRequest(contract_id=c.id, signer_name="王总",
                                      signer_phone="13812345678", idempotency_key="s-1")
    first = await contracts.RequestSignature(ask, metadata=p["rep"])
    for other in (cpb.RequestSignatureRequest(contract_id=c.id, signer_name="王总",
                                              signer_phone="13900001111", idempotency_key="s-1"),
                  cpb.RequestSignatureRequest(contract_id=c2.id, signer_name="王总",
                                              signer_phone="13812345678", idempotency_key="s-1")):
        assert reused(await denied(contracts.RequestSignature(other, metadata=p["rep"]),
                                   grpc.StatusCode.INVALID_ARGUMENT))
    doc = await contracts.GetSigningDocument(cpb.SigningTokenRequest(token=first.token),
                                             metadata=p["gateway"])
    assert doc.contract_id == c.id
    ask.signer_phone = "+86 138 1234 5678"  # the same signer, written another way
    again = await contracts.RequestSignature(ask, metadata=p["rep"])
    assert again.signer_phone == first.signer_phone and again.token != first.token


async def test_the_audit_trail_refuses_update_and_delete(stub, stubs, deps, auth,
                                                         directory) -> None:
    p = team(auth, directory)
    _, c = await approved(stub, stubs, p)
    await stubs[1].RequestSignature(cpb.RequestSignatureRequest(
        contract_id=c.id, signer_name="王总", signer_phone="13812345678"), metadata=p["rep"])
    for statement in ("UPDATE signature_audit SET signer_name = 'x' WHERE contract_id = :id",
                      "DELETE FROM signature_audit WHERE contract_id = :id"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            async with deps.sessions() as session, session.begin():
                await session.execute(sa.text(statement), {"id": c.id})


async def test_five_wrong_codes_lock_the_link(stub, stubs, auth, directory) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    _, c = await approved(stub, stubs, p)
    invite = await contracts.RequestSignature(cpb.RequestSignatureRequest(
        contract_id=c.id, signer_name="王总", signer_phone="13812345678"), metadata=p["rep"])
    wrong = "000000" if invite.demo_code != "000000" else "111111"
    for _ in range(5):
        await denied(contracts.Sign(cpb.SignRequest(token=invite.token, code=wrong,
                                                    signer_name="王总"), metadata=p["gateway"]),
                     grpc.StatusCode.INVALID_ARGUMENT)
    await denied(contracts.Sign(cpb.SignRequest(token=invite.token, code=invite.demo_code,
                                                signer_name="王总"), metadata=p["gateway"]),
                 grpc.StatusCode.FAILED_PRECONDITION)


async def test_won_needs_the_signature_and_publishes_deal_won(stub, stubs, deps, auth,
                                                              directory) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    opp, c = await approved(stub, stubs, p)  # the deal is in 签约
    await stub.CheckStep(pb.CheckStepRequest(opportunity_id=opp.id,  # approval: the system's
                                             step_id="negotiate_terms"), metadata=p["rep"])
    won = pb.ChangeStageRequest(opportunity_id=opp.id, to="won")
    await denied(stub.ChangeStage(won, metadata=p["rep"]), grpc.StatusCode.FAILED_PRECONDITION)
    invite = await contracts.RequestSignature(cpb.RequestSignatureRequest(
        contract_id=c.id, signer_name="王总", signer_phone="13812345678"), metadata=p["rep"])
    await contracts.Sign(cpb.SignRequest(token=invite.token, code=invite.demo_code,
                                         signer_name="王总"), metadata=p["gateway"])
    # 客户签署合同 ticked itself with the signature: nothing left to click before won.
    moved = await stub.ChangeStage(won, metadata=p["rep"])
    # The deal is worth what the customer signed (17,500,000), not the quote's 18,000,000.
    assert (moved.status, moved.amount_fen) == ("won", 17_500_000)
    [event] = await events(deps, opp.id, "pipeline.deal_won", ev_pb2.DealWon)
    assert (event.contract_id, event.amount_fen, list(event.product_codes)) == (
        c.id, 17_500_000, ["AGV-500"])
    assert event.cycle_seconds >= 0
    # the notice names the deal, and not to the one who clicked won
    assert (event.title, event.by_user_id) == ("码垛线", p["rep_id"])
    read = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp.id),
                                     metadata=p["manager"])
    assert read.amount_fen == 17_500_000


async def unfired_deadlines(deps: Deps, contract_id: str) -> int:
    async with deps.sessions() as session:
        return (await session.execute(sa.select(sa.func.count()).select_from(
            approval_deadlines.join(approval_steps,
                                    approval_steps.c.id == approval_deadlines.c.step_id))
            .where(approval_steps.c.contract_id == uuid.UUID(contract_id),
                   approval_deadlines.c.fired_at.is_(None)))).scalar_one()


async def test_a_deal_sent_back_before_quote_takes_its_contract_out_of_approval(
    stub, stubs, deps, auth, directory,
) -> None:
    """The customer changes the line while the contract waits for the region's manager:
    the rep sends the deal back to 方案设计. Nobody is asked to approve, or reminded of,
    a contract for a solution being redone; it is a draft again with its terms, and is
    submitted anew once the deal is back in 报价."""
    _, contracts = stubs
    p = team(auth, directory)
    opp, c = await drafted(stub, stubs, p)
    submit = cpb.SubmitContractRequest(contract_id=c.id)
    await contracts.SubmitContract(submit, metadata=p["rep"])
    assert await unfired_deadlines(deps, c.id) > 0
    await stub.ChangeStage(pb.ChangeStageRequest(
        opportunity_id=opp.id, to="solution_design", reason="客户要求增加一台码垛机器人"),
        metadata=p["rep"])
    back = await contracts.GetContract(cpb.GetContractRequest(contract_id=c.id),
                                       metadata=p["rep"])
    assert (back.status, [s.status for s in back.approval]) == (
        "draft", ["cancelled", "cancelled"])
    todo = await contracts.ListContracts(cpb.ListContractsRequest(awaiting_me=True),
                                         metadata=p["manager"])
    assert c.id not in [x.id for x in todo.contracts]
    assert await unfired_deadlines(deps, c.id) == 0  # no reminder or escalation chases it
    # the manager's 「合同待您审批」 is withdrawn in notifications: the step it named
    [asked] = await events(deps, c.id, "pipeline.approval_requested", ev_pb2.ApprovalRequested)
    [withdrawn] = await events(deps, c.id, "pipeline.approval_withdrawn",
                               ev_pb2.ApprovalWithdrawn)
    assert asked.step_id and list(withdrawn.step_ids) == [asked.step_id]
    assert (withdrawn.why, withdrawn.opportunity_id) == ("deal_sent_back", opp.id)
    early = await denied(contracts.SubmitContract(submit, metadata=p["rep"]),
                         grpc.StatusCode.FAILED_PRECONDITION)
    assert early.details() == ("商机当前处于「方案设计」阶段，"
                               "提交合同审批须在「报价」阶段或之后进行")
    await reach(opp.id, "quote")
    again = await contracts.SubmitContract(submit, metadata=p["rep"])
    assert (again.status, again.current_version) == ("pending_approval", 1)


async def test_a_deal_sent_back_to_solution_design_is_quoted_anew_and_contracted_from_that(
    stub, stubs, auth, directory,
) -> None:
    """The customer accepted one palletiser, then wants two: in 报价 no version follows
    an accepted quote, so the rep sends the deal back to 方案设计. There the new version
    replaces the accepted one, and the contract made from it is void; the new quote,
    accepted in 报价, gets its own contract."""
    quotes, contracts = stubs
    p = team(auth, directory)
    opp, c = await drafted(stub, stubs, p)
    await reach(opp.id, "quote")
    two = [qpb.QuoteLineRequest(product_code="PAL-R200", quantity=2)]
    ask = qpb.CreateQuoteRequest(opportunity_id=opp.id, lines=two)
    frozen = await denied(quotes.CreateQuote(ask, metadata=p["rep"]),
                          grpc.StatusCode.FAILED_PRECONDITION)
    assert "客户已接受本商机的报价" in frozen.details() and "退回「方案设计」" in frozen.details()
    await stub.ChangeStage(pb.ChangeStageRequest(
        opportunity_id=opp.id, to="solution_design", reason="客户改为两台码垛机器人"),
        metadata=p["rep"])
    v2 = await quotes.CreateQuote(ask, metadata=p["rep"])
    assert v2.version == 2
    old = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=c.quote_id), metadata=p["rep"])
    assert old.state == "superseded"
    void = await contracts.GetContract(cpb.GetContractRequest(contract_id=c.id),
                                       metadata=p["rep"])
    assert void.status == "cancelled"
    await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=v2.id), metadata=p["rep"])
    await reach(opp.id, "quote")
    await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=v2.id), metadata=p["rep"])
    await denied(contracts.CreateContract(cpb.CreateContractRequest(
        opportunity_id=opp.id, quote_id=c.quote_id, terms=TERMS), metadata=p["rep"]),
        grpc.StatusCode.INVALID_ARGUMENT)  # the old quote is no basis any more
    fresh = await contracts.CreateContract(cpb.CreateContractRequest(
        opportunity_id=opp.id, quote_id=v2.id, terms=TERMS), metadata=p["rep"])
    assert (fresh.quote_id, fresh.status) == (v2.id, "draft")
    assert fresh.terms.price_fen == v2.total_fen


async def test_a_deal_whose_contract_is_approved_goes_back_to_quote_keeping_it_but_signed_not(
    stub, stubs, auth, directory,
) -> None:
    """From 签约 back to 报价 (the terms are renegotiated) the approved contract stands —
    changing its terms is what makes it a draft. Once the customer has signed, the deal
    goes back nowhere: it is won."""
    _, contracts = stubs
    p = team(auth, directory)
    opp, c = await approved(stub, stubs, p)
    to_quote = pb.ChangeStageRequest(opportunity_id=opp.id, to="quote", reason="客户要求重谈付款")
    await stub.ChangeStage(to_quote, metadata=p["rep"])
    kept = await contracts.GetContract(cpb.GetContractRequest(contract_id=c.id),
                                       metadata=p["rep"])
    assert kept.status == "approved"
    await reach(opp.id, "contract")
    invite = await contracts.RequestSignature(cpb.RequestSignatureRequest(
        contract_id=c.id, signer_name="王总", signer_phone="13812345678"), metadata=p["rep"])
    await contracts.Sign(cpb.SignRequest(token=invite.token, code=invite.demo_code,
                                         signer_name="王总"), metadata=p["gateway"])
    for to in ("quote", "lead"):
        to_quote.to = to
        refused = await denied(stub.ChangeStage(to_quote, metadata=p["manager"]),
                               grpc.StatusCode.FAILED_PRECONDITION)
        assert "已由客户签署，商机不能退回阶段" in refused.details()
    deal = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp.id),
                                     metadata=p["rep"])
    assert (deal.stage, deal.status) == ("contract", "open")


async def test_losing_the_deal_voids_its_unsigned_contract_approvals_and_signing_link(
    stub, stubs, deps, auth, directory,
) -> None:
    """A lost deal's contract is dead: nobody is asked to approve it, reminded of it, or
    lets the customer sign it."""
    _, contracts = stubs
    p = team(auth, directory)
    lost = pb.ChangeStageRequest(to="lost", reason="客户选择了竞争对手")
    opp, c = await drafted(stub, stubs, p)
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id), metadata=p["rep"])
    lost.opportunity_id = opp.id
    await stub.ChangeStage(lost, metadata=p["rep"])
    void = await contracts.GetContract(cpb.GetContractRequest(contract_id=c.id),
                                       metadata=p["rep"])
    assert (void.status, void.status_label) == ("cancelled", "已作废")
    assert [s.status for s in void.approval] == ["cancelled", "cancelled"]
    todo = await contracts.ListContracts(cpb.ListContractsRequest(awaiting_me=True),
                                         metadata=p["manager"])
    assert c.id not in [x.id for x in todo.contracts]
    await denied(contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=c.id, decision="approve"), metadata=p["manager"]),
        grpc.StatusCode.FAILED_PRECONDITION)
    async with deps.sessions() as session:
        unfired = (await session.execute(sa.select(sa.func.count()).select_from(
            approval_deadlines.join(approval_steps,
                                    approval_steps.c.id == approval_deadlines.c.step_id))
            .where(approval_steps.c.contract_id == uuid.UUID(c.id),
                   approval_deadlines.c.fired_at.is_(None)))).scalar_one()
    assert unfired == 0  # no reminder or escalation will chase it

    opp, c = await approved(stub, stubs, p)
    invite = await contracts.RequestSignature(cpb.RequestSignatureRequest(
        contract_id=c.id, signer_name="王总", signer_phone="13812345678"), metadata=p["rep"])
    lost.opportunity_id = opp.id
    await stub.ChangeStage(lost, metadata=p["rep"])
    await denied(contracts.Sign(cpb.SignRequest(token=invite.token, code=invite.demo_code,
                                                signer_name="王总"), metadata=p["gateway"]),
                 grpc.StatusCode.FAILED_PRECONDITION)
    await denied(contracts.RequestSignature(cpb.RequestSignatureRequest(
        contract_id=c.id, signer_name="王总", signer_phone="13812345678"), metadata=p["rep"]),
        grpc.StatusCode.FAILED_PRECONDITION)
    assert (await contracts.GetContract(cpb.GetContractRequest(contract_id=c.id),
                                        metadata=p["rep"])).status == "cancelled"


async def test_lists_are_scoped_pages_and_awaiting_me_is_the_approvers_to_do_list(
    stub, stubs, auth, directory,
) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    _, first = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
    _, second = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=second.id),
                                   metadata=p["rep"])
    page = await contracts.ListContracts(cpb.ListContractsRequest(page_size=1),
                                         metadata=p["rep"])
    assert [c.id for c in page.contracts] == [second.id] and page.next_page_token
    rest = await contracts.ListContracts(cpb.ListContractsRequest(
        page_size=1, page_token=page.next_page_token), metadata=p["rep"])
    assert [c.id for c in rest.contracts] == [first.id] and not rest.next_page_token
    todo = await contracts.ListContracts(cpb.ListContractsRequest(awaiting_me=True),
                                         metadata=p["manager"])
    assert [c.id for c in todo.contracts] == [second.id]
    outsider = auth("rep", region_ids=(p["region"],))
    assert not (await contracts.ListContracts(cpb.ListContractsRequest(),
                                              metadata=outsider)).contracts
    drafts = await contracts.ListContracts(cpb.ListContractsRequest(status="draft"),
                                           metadata=p["manager"])
    assert [c.id for c in drafts.contracts] == [first.id]
    refused = await denied(contracts.ListContracts(cpb.ListContractsRequest(status="done"),
                                                   metadata=p["rep"]),
                           grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(refused)[0][0] == "status"


async def test_a_managers_pages_hold_their_region_and_what_was_delegated_to_them_once_each(
    stub, stubs, auth, directory,
) -> None:
    """Manager A covers for manager B. A's list is A's region plus B's contracts now
    waiting for A, newest first; a contract A sees twice over (A's region, A's step)
    comes once, and each page continues right after the one before."""
    _, contracts = stubs
    a, b = team(auth, directory), team(auth, directory)
    away = cpb.SetDelegationRequest(to_user_id=a["manager_id"])
    away.until.FromDatetime(datetime.now(UTC) + timedelta(days=3))
    await contracts.SetDelegation(away, metadata=b["manager"])

    async def contract(p: dict[str, Any], *, submit: bool) -> str:
        _, c = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
        if submit:
            await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                           metadata=p["rep"])
        return c.id

    a_draft = await contract(a, submit=False)
    b_delegated = await contract(b, submit=True)
    a_sent = await contract(a, submit=True)
    b_draft = await contract(b, submit=False)
    a_approved = await contract(a, submit=True)
    await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=a_approved, decision="approve"), metadata=a["manager"])

    async def pages(metadata: Any, **request: Any) -> list[list[str]]:
        found, token = [], ""
        while True:
            page = await contracts.ListContracts(cpb.ListContractsRequest(
                page_size=2, page_token=token, **request), metadata=metadata)
            found.append([c.id for c in page.contracts])
            if not (token := page.next_page_token):
                return found

    assert await pages(a["manager"]) == [[a_approved, a_sent], [b_delegated, a_draft]]
    assert await pages(a["manager"], awaiting_me=True) == [[a_sent, b_delegated]]
    assert await pages(b["manager"]) == [[b_draft, b_delegated]]
    assert await pages(a["rep"]) == [[a_approved, a_sent], [a_draft]]


async def test_finance_reads_every_submitted_contract_but_not_drafts_and_cannot_act(
    stub, stubs, auth, directory,
) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    finance = auth("finance", user_id=f"fin-{uuid.uuid4()}")
    _, draft = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
    _, sent = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=sent.id),
                                   metadata=p["rep"])
    mine = await contracts.ListContracts(cpb.ListContractsRequest(
        opportunity_id=sent.opportunity_id), metadata=finance)
    assert [c.id for c in mine.contracts] == [sent.id]
    assert (await contracts.GetContract(cpb.GetContractRequest(contract_id=sent.id),
                                        metadata=finance)).status == "pending_approval"
    await denied(contracts.GetContract(cpb.GetContractRequest(contract_id=draft.id),
                                       metadata=finance), grpc.StatusCode.NOT_FOUND)
    assert not (await contracts.ListContracts(cpb.ListContractsRequest(
        opportunity_id=draft.opportunity_id), metadata=finance)).contracts
    await denied(contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=sent.id, decision="approve"), metadata=finance),
        grpc.StatusCode.PERMISSION_DENIED)


class DirectoryDown:
    async def people(self) -> list[Person]:
        raise OrgUnavailable("ListUsers: UNAVAILABLE")

    async def person(self, user_id: str) -> Person | None:
        raise OrgUnavailable("ListUsers: UNAVAILABLE")

    async def people_of_manager(self, manager_id: str, region_ids: object) -> set[str]:
        raise OrgUnavailable("ListUsers: UNAVAILABLE")


async def test_submitting_while_the_org_directory_is_down_is_unavailable_and_changes_nothing(
    stub, stubs, deps, auth, directory,
) -> None:
    p = team(auth, directory)
    _, c = await drafted(stub, stubs, p)

    def register(server: grpc.aio.Server) -> list[str]:
        contracts_pb2_grpc.add_ContractServiceServicer_to_server(
            ContractServicer(ContractDeps(base=deps, org=DirectoryDown())), server)
        return [SERVICE_NAME]

    settings = ServiceSettings(demo=True, service_name="pipeline")
    async with grpc_serving(settings, register) as addr, \
            grpc.aio.insecure_channel(addr) as channel:
        down = contracts_pb2_grpc.ContractServiceStub(channel)
        await denied(down.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                         metadata=p["rep"]), grpc.StatusCode.UNAVAILABLE)
    still = await stubs[1].GetContract(cpb.GetContractRequest(contract_id=c.id),
                                       metadata=p["rep"])
    assert (still.status, list(still.approval)) == ("draft", [])


async def test_a_list_page_shows_each_contract_exactly_as_reading_it_alone(
    stub, stubs, auth, directory,
) -> None:
    """A page is loaded in a few statements, not three or four per contract: the versions,
    the latest round's steps and the signature must still land on the right contract."""
    _, contracts = stubs
    p = team(auth, directory)
    _, draft = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
    terms = cpb.Terms()
    terms.CopyFrom(TERMS)
    terms.warranty_months = 24
    await contracts.UpdateContractTerms(cpb.UpdateContractTermsRequest(
        contract_id=draft.id, terms=terms), metadata=p["rep"])
    _, resent = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=30_000_000)
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=resent.id),
                                   metadata=p["rep"])
    await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=resent.id, decision="reject", comment="付款条件需改为全款发货"),
        metadata=p["manager"])
    terms.price_fen = 30_000_000
    await contracts.UpdateContractTerms(cpb.UpdateContractTermsRequest(
        contract_id=resent.id, terms=terms), metadata=p["rep"])
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=resent.id),
                                   metadata=p["rep"])
    _, signed = await approved(stub, stubs, p)
    invite = await contracts.RequestSignature(cpb.RequestSignatureRequest(
        contract_id=signed.id, signer_name="王总", signer_phone="138 1234 5678"),
        metadata=p["rep"])
    await contracts.Sign(cpb.SignRequest(token=invite.token, code=invite.demo_code,
                                         signer_name="王总", ip="10.0.0.8", user_agent="UA"),
                         metadata=p["gateway"])
    page = await contracts.ListContracts(cpb.ListContractsRequest(), metadata=p["rep"])
    alone = [await contracts.GetContract(cpb.GetContractRequest(contract_id=c.id),
                                         metadata=p["rep"]) for c in (signed, resent, draft)]
    assert list(page.contracts) == alone
    assert alone[0].document_sha256 and [len(c.versions) for c in alone] == [1, 2, 2]
    assert [(s.round, s.status) for s in alone[1].approval] == [(2, "pending")]


async def test_a_deal_list_shows_each_deals_customer_quotes_and_latest_contract(
    stub, stubs, deps, auth, directory,
) -> None:
    """The list reads every part once for the whole page; each part must still land on
    its own deal, as the deal's detail shows it."""
    quotes, _ = stubs
    p = team(auth, directory)
    signing, draft = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)
    quoted, issued = await issued_quote(stub, quotes, p["rep"])
    bare = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=signing.account.name, title="第二条线"), metadata=p["rep"])
    async with deps.sessions() as session, session.begin():
        await accounts_repo.add_contact(session, account_id=signing.account.id, name="王总",
                                        phone="+8613812345678", email="", lead_id=None)
    listed = (await stub.ListOpportunities(pb.ListOpportunitiesRequest(),
                                           metadata=p["rep"])).opportunities
    assert [d.id for d in listed] == [bare.id, quoted.id, signing.id]
    for deal in listed:
        alone = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=deal.id),
                                          metadata=p["rep"])
        assert (deal.account, list(deal.quotes), deal.contract_id, deal.contract_status) == (
            alone.account, list(alone.quotes), alone.contract_id, alone.contract_status)
    assert [[c.name for c in d.account.contacts] for d in listed] == [["王总"], [], ["王总"]]
    assert [[q.state for q in d.quotes] for d in listed] == [[], ["issued"], ["accepted"]]
    assert listed[1].quotes[0].id == issued.id
    assert [(d.contract_id, d.contract_status) for d in listed] == [
        ("", ""), ("", ""), (draft.id, "draft")]


async def test_a_delegate_of_another_region_approves_but_cannot_send_the_signing_link(
    stub, stubs, deps, auth, directory,
) -> None:
    """Manager B covers for manager A and approves A's rep's contract, so B reads it; B
    could also invite "the signer" to a phone of B's choosing (the SMS code with it, the
    real signer's link superseded) and resubmit it. Acting for the deal is the deal's
    people's: 403, nothing sent; the rep still invites the customer."""
    _, contracts = stubs
    a, b = team(auth, directory), team(auth, directory)
    away = cpb.SetDelegationRequest(to_user_id=b["manager_id"])
    away.until.FromDatetime(datetime.now(UTC) + timedelta(days=3))
    await contracts.SetDelegation(away, metadata=a["manager"])
    _, c = await drafted(stub, stubs, a, SMALL_DEAL, price_fen=17_500_000)
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                   metadata=a["rep"])
    done = await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=c.id, decision="approve", comment="代批"), metadata=b["manager"])
    assert done.status == "approved"

    ask = cpb.RequestSignatureRequest(contract_id=c.id, signer_name="王总",
                                      signer_phone="139 0000 9999")
    await denied(contracts.RequestSignature(ask, metadata=b["manager"]),
                 grpc.StatusCode.PERMISSION_DENIED)
    await denied(contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                          metadata=b["manager"]),
                 grpc.StatusCode.PERMISSION_DENIED)
    assert await events(deps, c.id, "pipeline.signature_requested",
                        ev_pb2.SignatureRequested) == []
    invite = await contracts.RequestSignature(cpb.RequestSignatureRequest(
        contract_id=c.id, signer_name="王总", signer_phone="138 1234 5678"), metadata=a["rep"])
    assert invite.signer_phone == "+8613812345678"


async def test_a_deal_whose_contract_is_signed_cannot_be_lost_but_can_be_won(
    stub, stubs, deps, auth, directory,
) -> None:
    """The customer has signed: the rep cannot mark the deal lost (that left a signed
    contract on a closed deal); it is refused naming the contract and the deal is won."""
    _, contracts = stubs
    p = team(auth, directory)
    opp, c = await approved(stub, stubs, p)  # the deal is in 签约
    invite = await contracts.RequestSignature(cpb.RequestSignatureRequest(
        contract_id=c.id, signer_name="王总", signer_phone="13812345678"), metadata=p["rep"])
    await contracts.Sign(cpb.SignRequest(token=invite.token, code=invite.demo_code,
                                         signer_name="王总"), metadata=p["gateway"])
    refused = await denied(stub.ChangeStage(pb.ChangeStageRequest(
        opportunity_id=opp.id, to="lost", reason="客户改变主意"), metadata=p["rep"]),
        grpc.StatusCode.FAILED_PRECONDITION)
    assert c.number in refused.details() and "已由客户签署" in refused.details()
    still = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp.id),
                                      metadata=p["rep"])
    assert (still.status, still.stage) == ("open", "contract")
    assert await events(deps, opp.id, "pipeline.deal_lost", ev_pb2.DealLost) == []
    await stub.CheckStep(pb.CheckStepRequest(opportunity_id=opp.id,  # approval: the system's
                                             step_id="negotiate_terms"), metadata=p["rep"])
    won = await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=opp.id, to="won"),
                                 metadata=p["rep"])
    assert won.status == "won"


async def test_only_approvers_delegate_and_a_delegation_needs_its_end(
    stub, stubs, auth, directory,
) -> None:
    """A rep approves nothing: their delegation would move nothing and name nobody, so it
    is refused rather than answered as if it had worked. A manager who forgets when they
    are back is told `until` is required, not that it must be later than now."""
    _, contracts = stubs
    p = team(auth, directory)
    away = cpb.SetDelegationRequest(to_user_id=p["manager_id"])
    away.until.FromDatetime(datetime.now(UTC) + timedelta(days=3))
    refused = await denied(contracts.SetDelegation(away, metadata=p["rep"]),
                           grpc.StatusCode.PERMISSION_DENIED)
    assert "经理、总监或管理员" in refused.details()
    await denied(contracts.SetDelegation(cpb.SetDelegationRequest(), metadata=p["rep"]),
                 grpc.StatusCode.PERMISSION_DENIED)
    refused = await denied(contracts.SetDelegation(cpb.SetDelegationRequest(
        to_user_id=BOSS), metadata=p["manager"]), grpc.StatusCode.INVALID_ARGUMENT)
    assert field_violations(refused) == [("until", "必填")]
    unset = await contracts.GetDelegation(cpb.GetDelegationRequest(), metadata=p["manager"])
    assert unset.to_user_id == ""


async def test_paperwork_follows_the_stages_and_the_system_ticks_what_it_knows(
    stub, stubs, deps, auth, directory,
) -> None:
    """A deal still in 线索 cannot be quoted; quoted in 方案设计 it cannot be contracted
    yet; its contract is not sent for signing before 签约. 报价内部审批 is ticked when the
    quote is approved (not by the rep), 客户签署合同 when the customer signs."""
    quotes, contracts = stubs
    p = team(auth, directory)
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"昆山模具{uuid.uuid4().hex[:6]}有限公司", title="冲压线"),
        metadata=p["rep"])
    ask = qpb.CreateQuoteRequest(opportunity_id=opp.id, discount_bp=1000,
                                 lines=[qpb.QuoteLineRequest(product_code="AGV-500", quantity=1)])
    early = await denied(quotes.CreateQuote(ask, metadata=p["rep"]),
                         grpc.StatusCode.FAILED_PRECONDITION)
    assert "当前处于「线索」阶段" in early.details() and "「方案设计」阶段或之后" in early.details()
    await reach(opp.id, "solution_design")
    quote = await quotes.CreateQuote(ask, metadata=p["rep"])  # 10 %: waits for the manager
    deal = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp.id),
                                     metadata=p["rep"])
    assert "approve_quote" not in {s.id for s in deal.steps if s.done}
    await quotes.DecideDiscount(qpb.DecideDiscountRequest(quote_id=quote.id, approve=True),
                                metadata=p["manager"])
    await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=quote.id), metadata=p["rep"])
    draft = cpb.CreateContractRequest(opportunity_id=opp.id, quote_id=quote.id, terms=TERMS)
    early = await denied(contracts.CreateContract(draft, metadata=p["rep"]),
                         grpc.StatusCode.FAILED_PRECONDITION)
    assert "「方案设计」阶段" in early.details() and "「报价」阶段或之后" in early.details()
    await reach(opp.id, "quote")
    await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=quote.id), metadata=p["rep"])
    deal = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp.id),
                                     metadata=p["rep"])
    approval = next(s for s in deal.steps if s.id == "approve_quote")
    assert (approval.done, approval.done_by, approval.by_system) == (True, p["manager_id"], True)
    refused = await denied(stub.CheckStep(pb.CheckStepRequest(
        opportunity_id=opp.id, step_id="approve_quote"), metadata=p["rep"]),
        grpc.StatusCode.FAILED_PRECONDITION)
    assert "系统自动勾选" in refused.details()
    c = await contracts.CreateContract(draft, metadata=p["rep"])
    await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id), metadata=p["rep"])
    await contracts.DecideContract(cpb.DecideContractRequest(
        contract_id=c.id, decision="approve"), metadata=p["manager"])
    signer = cpb.RequestSignatureRequest(contract_id=c.id, signer_name="王总",
                                         signer_phone="13812345678")
    early = await denied(contracts.RequestSignature(signer, metadata=p["rep"]),
                         grpc.StatusCode.FAILED_PRECONDITION)
    assert "「报价」阶段" in early.details() and "「签约」阶段进行" in early.details()
    await reach(opp.id, "contract")
    invite = await contracts.RequestSignature(signer, metadata=p["rep"])
    await reach(opp.id, "quote")  # sent back to 报价 after the link went out
    sign = cpb.SignRequest(token=invite.token, code=invite.demo_code, signer_name="王总")
    await denied(contracts.Sign(sign, metadata=p["gateway"]), grpc.StatusCode.FAILED_PRECONDITION)
    await reach(opp.id, "contract")
    await contracts.Sign(sign, metadata=p["gateway"])
    deal = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp.id),
                                     metadata=p["rep"])
    assert next(s for s in deal.steps if s.id == "customer_signs").done
