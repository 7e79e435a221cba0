"""QuoteService with real tokens and PostgreSQL: versions, discount approval, issuing
through the outbox, acceptance, finance's view, the catalogue, and recommendations."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from pipeline.entrypoints.quotes_grpc import QUOTE_SERVICE_NAME, QuoteServicer
from pipeline.service_layer.demo_data import seed_demo_catalogue
from pipeline.service_layer.deps import Deps
from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from salesos.pipeline.v1 import pipeline_pb2 as pb
from salesos.pipeline.v1 import quotes_pb2 as qpb
from salesos.pipeline.v1 import quotes_pb2_grpc
from servicekit.errors import field_violations
from servicekit.idempotency import KEY_REUSED
from servicekit.settings import ServiceSettings
from servicekit.testing.grpc import grpc_serving

from .deal_stages import reach
from .field_helpers import events_of

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def quotes(deps: Deps) -> AsyncIterator[quotes_pb2_grpc.QuoteServiceStub]:
    await seed_demo_catalogue(deps.sessions)

    def register(server: grpc.aio.Server) -> list[str]:
        quotes_pb2_grpc.add_QuoteServiceServicer_to_server(QuoteServicer(deps), server)
        return [QUOTE_SERVICE_NAME]

    settings = ServiceSettings(demo=True, service_name="pipeline")
    async with grpc_serving(settings, register) as addr, \
            grpc.aio.insecure_channel(addr) as channel:
        yield quotes_pb2_grpc.QuoteServiceStub(channel)


def people(auth: Any) -> dict[str, Any]:
    region = f"r-{uuid.uuid4()}"
    return {"region": region, "rep": auth("rep", user_id=f"rep-{uuid.uuid4()}",
                                          region_ids=(region,)),
            "manager": auth("manager", region_ids=(region,)),
            "other_manager": auth("manager", region_ids=(f"r-{uuid.uuid4()}",))}


async def deal(stub: Any, rep: Any, stage: str = "solution_design",
               **fields: Any) -> pb.Opportunity:
    """A deal whose solution is designed: it may be quoted (and in 报价, accepted)."""
    opp = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=f"佛山包装{uuid.uuid4().hex[:6]}有限公司", title="码垛线", **fields),
        metadata=rep)
    await reach(opp.id, stage)
    return opp


def lines(*pairs: tuple[str, int]) -> list[qpb.QuoteLineRequest]:
    return [qpb.QuoteLineRequest(product_code=c, quantity=q) for c, q in pairs]


async def quote(quotes: Any, who: Any, opp_id: str, bp: int = 0, **kw: Any) -> qpb.Quote:
    return await quotes.CreateQuote(qpb.CreateQuoteRequest(
        opportunity_id=opp_id, lines=lines(("PAL-R200", 1), ("OPT-MON", 2)), discount_bp=bp,
        **kw), metadata=who)


async def test_versions_supersede_the_previous_and_the_deal_lists_them(stub, quotes,
                                                                       auth) -> None:
    p = people(auth)
    opp = await deal(stub, p["rep"])
    first = await quote(quotes, p["rep"], opp.id, 500, idempotency_key="q-1")
    again = await quote(quotes, p["rep"], opp.id, 500, idempotency_key="q-1")
    assert first.id == again.id and first.version == 1
    assert (first.subtotal_fen, first.discount_fen, first.total_fen) == (
        63_000_000, 3_150_000, 59_850_000)
    assert (first.approval, first.state, first.account_name) == ("none", "draft",
                                                                 opp.account.name)
    second = await quote(quotes, p["rep"], opp.id, 0)
    assert second.version == 2
    detail = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp.id),
                                       metadata=p["rep"])
    assert [(q.version, q.state) for q in detail.quotes] == [(2, "draft"), (1, "superseded")]


async def test_a_key_reused_for_another_quote_is_refused_and_makes_no_version(
    stub, quotes, auth,
) -> None:
    """The rep changed the quantity, the client kept the key: answering with the first
    quote would leave the customer the old price and the new one nowhere."""
    p = people(auth)
    opp, elsewhere = await deal(stub, p["rep"]), await deal(stub, p["rep"])
    first = await quote(quotes, p["rep"], opp.id, 500, idempotency_key="q-2")
    for other in (qpb.CreateQuoteRequest(opportunity_id=opp.id, lines=lines(("PAL-R200", 2)),
                                         discount_bp=500, idempotency_key="q-2"),
                  qpb.CreateQuoteRequest(opportunity_id=opp.id, lines=lines(
                      ("PAL-R200", 1), ("OPT-MON", 2)), discount_bp=800, idempotency_key="q-2"),
                  qpb.CreateQuoteRequest(opportunity_id=elsewhere.id, lines=lines(
                      ("PAL-R200", 1), ("OPT-MON", 2)), discount_bp=500, idempotency_key="q-2")):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await quotes.CreateQuote(other, metadata=p["rep"])
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert field_violations(refused.value) == [("Idempotency-Key", KEY_REUSED)]
    for deal_id, expected in ((opp.id, [first.id]), (elsewhere.id, [])):
        listed = await quotes.ListQuotes(qpb.ListQuotesRequest(opportunity_id=deal_id),
                                         metadata=p["rep"])
        assert [q.id for q in listed.quotes] == expected
    retry = await quotes.CreateQuote(qpb.CreateQuoteRequest(  # codes are case-blind
        opportunity_id=opp.id, lines=lines(("pal-r200 ", 1), ("opt-mon", 2)), discount_bp=500,
        idempotency_key="q-2"), metadata=p["rep"])
    assert retry.id == first.id


async def test_versions_made_at_once_are_numbered_one_by_one_and_one_stays_live(
    stub, quotes, auth,
) -> None:
    import asyncio

    p = people(auth)
    opp = await deal(stub, p["rep"])
    made = await asyncio.gather(*(quote(quotes, p["rep"], opp.id) for _ in range(5)))
    assert sorted(q.version for q in made) == [1, 2, 3, 4, 5]
    listed = await quotes.ListQuotes(qpb.ListQuotesRequest(opportunity_id=opp.id),
                                     metadata=p["rep"])
    assert [(q.version, q.state) for q in listed.quotes] == [
        (5, "draft"), (4, "superseded"), (3, "superseded"), (2, "superseded"),
        (1, "superseded")]


async def test_discount_above_the_reps_limit_waits_for_a_manager_of_the_region(
    stub, quotes, auth, deps,
) -> None:
    p = people(auth)
    opp = await deal(stub, p["rep"])
    pending = await quote(quotes, p["rep"], opp.id, 1_200)
    assert (pending.approval, pending.approval_role) == ("pending", "manager")
    issue = qpb.QuoteActionRequest(quote_id=pending.id)
    with pytest.raises(grpc.aio.AioRpcError) as early:
        await quotes.IssueQuote(issue, metadata=p["rep"])
    assert early.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    decide = qpb.DecideDiscountRequest(quote_id=pending.id, approve=True)
    for who, code in ((p["rep"], grpc.StatusCode.PERMISSION_DENIED),
                      (p["other_manager"], grpc.StatusCode.NOT_FOUND)):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await quotes.DecideDiscount(decide, metadata=who)
        assert refused.value.code() == code
    approved = await quotes.DecideDiscount(decide, metadata=p["manager"])
    assert approved.approval == "approved"
    issued = await quotes.IssueQuote(issue, metadata=p["rep"])
    assert issued.state == "issued" and issued.issued_at.seconds > 0
    await quotes.IssueQuote(issue, metadata=p["rep"])  # a retry publishes nothing more
    async with deps.sessions() as session:
        rows = (await session.execute(sa.text(
            "SELECT payload FROM outbox WHERE aggregate_id = :id "
            "AND type = 'pipeline.quote_issued'"), {"id": opp.id})).scalars().all()
        amount = (await session.execute(sa.text(
            "SELECT amount_fen FROM opportunities WHERE id = :id"), {"id": opp.id})).scalar()
    assert len(rows) == 1
    event = ev_pb2.QuoteIssued()
    Envelope.FromString(rows[0]).payload.Unpack(event)
    assert (event.quote_id, event.total_fen, event.discount_bp, event.region_id) == (
        issued.id, issued.total_fen, 1_200, p["region"])
    assert [(line.product_code, line.quantity, line.line_total_fen) for line in event.lines] == [
        ("PAL-R200", 1, 56_000_000), ("OPT-MON", 2, 7_000_000)]
    assert amount == issued.total_fen


async def test_whoever_may_decide_a_discount_is_asked_and_hears_when_it_stops_waiting(
    stub, quotes, auth, deps,
) -> None:
    """The pipeline tells notifications (through the outbox) whom a discount waits for —
    the managers of the deal's region, with its figures — and when it stops waiting: a
    newer version replaces it, or someone decides it."""
    p = people(auth)
    opp = await deal(stub, p["rep"])
    first = await quote(quotes, p["rep"], opp.id, 1_200)
    second = await quote(quotes, p["rep"], opp.id, 1_000)
    await quotes.DecideDiscount(qpb.DecideDiscountRequest(
        quote_id=second.id, approve=False, comment="降到 8%"), metadata=p["manager"])
    asked = await events_of(deps.sessions, opp.id, "pipeline.discount_approval_requested",
                            ev_pb2.DiscountApprovalRequested)
    assert [(e.quote_id, e.approval_role, e.region_id, e.owner_id, e.discount_bp,
             e.total_fen) for e in asked] == [
        (first.id, "manager", p["region"], first.created_by, 1_200, first.total_fen),
        (second.id, "manager", p["region"], first.created_by, 1_000, second.total_fen)]
    [revised] = await events_of(deps.sessions, opp.id, "pipeline.discount_withdrawn",
                                ev_pb2.DiscountWithdrawn)
    assert (revised.quote_id, revised.why) == (first.id, "quote_revised")
    [decided] = await events_of(deps.sessions, opp.id, "pipeline.discount_decided",
                                ev_pb2.DiscountDecided)
    assert (decided.quote_id, decided.decision, decided.comment, decided.created_by) == (
        second.id, "rejected", "降到 8%", first.created_by)
    # a retried decision changes nothing and tells nobody again
    await quotes.DecideDiscount(qpb.DecideDiscountRequest(
        quote_id=second.id, approve=False, comment="降到 8%"), metadata=p["manager"])
    assert len(await events_of(deps.sessions, opp.id, "pipeline.discount_decided",
                               ev_pb2.DiscountDecided)) == 1


async def test_a_discount_no_one_may_approve_is_refused_and_nothing_is_saved(
    stub, quotes, auth,
) -> None:
    p = people(auth)
    opp = await deal(stub, p["rep"])
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await quote(quotes, p["rep"], opp.id, 3_500)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(refused.value)] == ["discount_bp"]
    listed = await quotes.ListQuotes(qpb.ListQuotesRequest(opportunity_id=opp.id),
                                     metadata=p["rep"])
    assert not listed.quotes


@pytest.mark.parametrize(("limits", "field"), [
    ([("rep", 2_000)], "limits.0.max_bp"),                  # a rep above their manager
    ([("rep", 500), ("manager", 400)], "limits.1.max_bp"),  # a manager below their reps
    ([("rep", 500), ("rep", 600)], "limits.1.role"),        # which one was meant?
])
async def test_discount_limits_that_invert_the_hierarchy_are_refused_and_not_saved(
    quotes, auth, limits: list[tuple[str, int]], field: str,
) -> None:
    """Above a rep's limit the manager approves: a rep allowed more than the manager (or a
    role given twice) would make that rule meaningless."""
    admin = auth("admin")
    before = await quotes.GetDiscountLimits(qpb.GetDiscountLimitsRequest(), metadata=admin)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await quotes.PutDiscountLimits(qpb.DiscountLimits(limits=[
            qpb.DiscountLimit(role=r, max_bp=bp) for r, bp in limits]), metadata=admin)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(refused.value)] == [field]
    assert await quotes.GetDiscountLimits(qpb.GetDiscountLimitsRequest(),
                                          metadata=admin) == before


async def test_a_lost_deals_waiting_discount_leaves_the_managers_list_and_cannot_be_approved(
    stub, quotes, auth,
) -> None:
    p = people(auth)
    opp = await deal(stub, p["rep"])
    pending = await quote(quotes, p["rep"], opp.id, 1_000)
    assert pending.approval == "pending"
    await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=opp.id, to="lost",
                                                 reason="价格过高"), metadata=p["rep"])
    waiting = await quotes.ListQuotes(qpb.ListQuotesRequest(approval="pending"),
                                      metadata=p["manager"])
    assert pending.id not in [q.id for q in waiting.quotes]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await quotes.DecideDiscount(qpb.DecideDiscountRequest(quote_id=pending.id, approve=True),
                                    metadata=p["manager"])
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    after = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=pending.id),
                                  metadata=p["manager"])
    assert after.approval == "withdrawn"


async def test_a_catalogue_filter_naming_no_kind_is_refused_naming_it(quotes, auth) -> None:
    """`kind=选配` or a typo must not read as an empty catalogue."""
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await quotes.ListProducts(qpb.ListProductsRequest(kind="gadget"),
                                  metadata=auth("rep"))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(refused.value)] == ["kind"]


async def test_only_the_current_issued_version_is_accepted_then_versions_stop(
    stub, quotes, auth,
) -> None:
    p = people(auth)
    opp = await deal(stub, p["rep"])
    old = await quote(quotes, p["rep"], opp.id)
    await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=old.id), metadata=p["rep"])
    new = await quote(quotes, p["rep"], opp.id)
    for target in (old.id, new.id):  # superseded, then still a draft
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=target),
                                     metadata=p["rep"])
        assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=new.id), metadata=p["rep"])
    await reach(opp.id, "quote")  # the customer accepts a price in 报价
    accepted = await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=new.id),
                                        metadata=p["rep"])
    assert accepted.state == "accepted"
    with pytest.raises(grpc.aio.AioRpcError) as closed:
        await quote(quotes, p["rep"], opp.id)
    assert closed.value.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_a_deal_sent_back_sends_no_quote_and_has_none_accepted_until_it_comes_forward(
    stub, quotes, auth,
) -> None:
    """The customer's needs changed in 报价: the rep sends the deal back to 需求确认. Its
    draft may not go out and its issued quote may not be accepted until the deal is back
    where that happens: sent from 方案设计, accepted in 报价."""
    p = people(auth)
    opp = await deal(stub, p["rep"], "quote")
    sent = await quote(quotes, p["rep"], opp.id)
    await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=sent.id), metadata=p["rep"])
    back = pb.ChangeStageRequest(opportunity_id=opp.id, to="needs_confirmed",
                                 reason="客户产能要求改为每小时 2,000 箱")
    await stub.ChangeStage(back, metadata=p["manager"])
    # v1 went out before the move: asking again answers it as it is, nothing new happens
    again = await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=sent.id), metadata=p["rep"])
    assert again.state == "issued"
    with pytest.raises(grpc.aio.AioRpcError) as unaccepted:
        await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=sent.id), metadata=p["rep"])
    assert unaccepted.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert unaccepted.value.details() == ("商机当前处于「需求确认」阶段，"
                                          "客户接受报价须在「报价」阶段或之后进行")
    await reach(opp.id, "solution_design")
    redone = await quote(quotes, p["rep"], opp.id)  # v2 for the new capacity, a draft
    await stub.ChangeStage(back, metadata=p["manager"])  # and the customer changes again
    with pytest.raises(grpc.aio.AioRpcError) as unsent:
        await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=redone.id), metadata=p["rep"])
    assert unsent.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert unsent.value.details() == ("商机当前处于「需求确认」阶段，"
                                      "发出报价须在「方案设计」阶段或之后进行")
    await reach(opp.id, "solution_design")  # the solution redone: v2 may go out now
    issued = await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=redone.id),
                                     metadata=p["rep"])
    assert issued.state == "issued"
    with pytest.raises(grpc.aio.AioRpcError) as early:
        await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=redone.id),
                                 metadata=p["rep"])
    assert "当前处于「方案设计」阶段" in early.value.details()
    listed = await quotes.ListQuotes(qpb.ListQuotesRequest(opportunity_id=opp.id),
                                     metadata=p["rep"])
    assert "accepted" not in {q.state for q in listed.quotes}
    await reach(opp.id, "quote")
    accepted = await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=redone.id),
                                        metadata=p["rep"])
    assert accepted.state == "accepted"


async def test_finance_sees_every_issued_quote_but_no_drafts(stub, quotes, auth) -> None:
    p = people(auth)
    opp = await deal(stub, p["rep"])
    draft = await quote(quotes, p["rep"], opp.id)
    finance = auth("finance")
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=draft.id), metadata=finance)
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND
    await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=draft.id), metadata=p["rep"])
    seen = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=draft.id), metadata=finance)
    assert seen.state == "issued"
    listed = await quotes.ListQuotes(qpb.ListQuotesRequest(opportunity_id=opp.id,
                                                           state="issued"), metadata=finance)
    assert [q.id for q in listed.quotes] == [draft.id]
    other = await quotes.ListQuotes(qpb.ListQuotesRequest(opportunity_id=opp.id),
                                    metadata=p["other_manager"])
    assert not other.quotes


async def test_admins_keep_the_catalogue_and_others_only_read_it(quotes, auth) -> None:
    code = f"SVC-{uuid.uuid4().hex[:6].upper()}"
    product = qpb.Product(code=code, kind="service", name="驻场服务", list_price_fen=500_000,
                          unit="天")
    with pytest.raises(grpc.aio.AioRpcError) as denied:
        await quotes.CreateProduct(product, metadata=auth("director"))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    made = await quotes.CreateProduct(product, metadata=auth("admin"))
    assert (made.kind_label, made.active) == ("服务包", True)
    with pytest.raises(grpc.aio.AioRpcError) as taken:
        await quotes.CreateProduct(qpb.Product(code=code, kind="service", name="别的",
                                               list_price_fen=1), metadata=auth("admin"))
    assert taken.value.code() == grpc.StatusCode.ALREADY_EXISTS
    product.active, product.list_price_fen = False, 600_000
    retired = await quotes.UpdateProduct(product, metadata=auth("admin"))
    assert (retired.active, retired.list_price_fen) == (False, 600_000)
    listed = await quotes.ListProducts(qpb.ListProductsRequest(kind="service", page_size=200),
                                       metadata=auth("rep"))
    assert code not in {p.code for p in listed.products}
    machine = await quotes.GetProduct(qpb.GetProductRequest(code="pal-r200"),
                                      metadata=auth("rep"))
    machine.active = False   # options still fit it: retiring it would strand them
    with pytest.raises(grpc.aio.AioRpcError) as stranded:
        await quotes.UpdateProduct(machine, metadata=auth("admin"))
    assert stranded.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    fits = await quotes.ListProducts(qpb.ListProductsRequest(fits="AGV-500"),
                                     metadata=auth("engineer"))
    assert {p.code for p in fits.products} >= {"OPT-MON", "ADD-CHG"}
    assert "OPT-GRP" not in {p.code for p in fits.products}


async def test_recommendations_come_from_won_deals_of_same_industry_and_scale(
    stub, quotes, auth, deps,
) -> None:
    p = people(auth)
    industry = f"食品饮料{uuid.uuid4().hex[:4]}"
    peers = [("OPT-MON", "SVC-RMT")] * 4 + [("OPT-MON",)] * 1 + [("ADD-SAFE",)] * 1
    for extras in peers:
        won = await deal(stub, p["rep"], "quote", industry=industry, scale="200_1000")
        q = await quotes.CreateQuote(qpb.CreateQuoteRequest(
            opportunity_id=won.id, lines=lines(("PAL-R200", 1), *((e, 1) for e in extras))),
            metadata=p["rep"])
        await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=q.id), metadata=p["rep"])
        await quotes.AcceptQuote(qpb.QuoteActionRequest(quote_id=q.id), metadata=p["rep"])
        async with deps.sessions() as session, session.begin():
            # Winning needs the contract flow (another slice); the rule reads only status.
            await session.execute(sa.text(
                "UPDATE opportunities SET status = 'won', stage = 'won' WHERE id = :id"),
                {"id": won.id})
    other_scale = await deal(stub, p["rep"], industry=industry, scale="gt1000")
    wider = await quotes.GetRecommendations(qpb.GetRecommendationsRequest(
        opportunity_id=other_scale.id), metadata=p["rep"])
    # no won customer of that scale: the industry's, and the explanation says so
    assert (wider.basis, wider.peer_deals) == ("industry", 6)
    assert wider.items[0].explanation == "6 个同行业客户中 83% 选择了监控模块"
    elsewhere = await deal(stub, p["rep"], industry=f"{industry}X", scale="200_1000")
    assert not (await quotes.GetRecommendations(qpb.GetRecommendationsRequest(
        opportunity_id=elsewhere.id), metadata=p["rep"])).items
    mine = await deal(stub, p["rep"], industry=industry, scale="200_1000")
    await quotes.CreateQuote(qpb.CreateQuoteRequest(
        opportunity_id=mine.id, lines=lines(("PAL-R200", 1), ("SVC-RMT", 1))),
        metadata=p["rep"])
    found = await quotes.GetRecommendations(qpb.GetRecommendationsRequest(
        opportunity_id=mine.id), metadata=p["rep"])
    assert (found.basis, found.peer_deals) == ("industry_scale", 6)
    assert [i.product.code for i in found.items] == ["OPT-MON"]   # SVC-RMT already quoted
    top = found.items[0]   # its best rule starts from the service: 4 of 4 took the monitor
    assert (top.because_of, top.confidence, top.support, top.deals_with) == (
        "SVC-RMT", 1.0, round(4 / 6, 4), 4)
    assert top.lift == round(1.0 / (5 / 6), 4)
    assert top.explanation == "4 个购买远程运维服务包（一年）的同类客户中 100% 选择了监控模块"


async def test_above_the_managers_limit_only_a_director_approves_and_lost_deals_take_no_quotes(
    stub, quotes, auth,
) -> None:
    p = people(auth)
    opp = await deal(stub, p["rep"])
    big = await quote(quotes, p["manager"], opp.id, 2_000)   # the manager's own limit is 15 %
    assert (big.approval, big.approval_role) == ("pending", "director")
    decide = qpb.DecideDiscountRequest(quote_id=big.id, approve=True)
    with pytest.raises(grpc.aio.AioRpcError) as beyond:
        await quotes.DecideDiscount(decide, metadata=p["manager"])
    assert beyond.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert (await quotes.DecideDiscount(decide, metadata=auth("director"))).approval == (
        "approved")
    within = await quote(quotes, p["manager"], opp.id, 1_200)
    assert within.approval == "none"
    await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=opp.id, to="lost",
                                                 reason="预算取消"), metadata=p["rep"])
    with pytest.raises(grpc.aio.AioRpcError) as closed:
        await quote(quotes, p["rep"], opp.id)
    assert closed.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    with pytest.raises(grpc.aio.AioRpcError) as late:
        await quotes.IssueQuote(qpb.QuoteActionRequest(quote_id=within.id), metadata=p["rep"])
    assert late.value.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_the_pending_list_says_who_must_act_and_agrees_with_the_decision(
    stub, quotes, auth,
) -> None:
    """A manager's list of waiting discounts showed a director-level one they were then
    refused (403) when they tried it. Each item now says whether the caller may decide it,
    by the rule the decision applies, and otherwise who must."""
    p = people(auth)
    ours, theirs = await deal(stub, p["rep"]), await deal(stub, p["rep"])
    small = await quote(quotes, p["rep"], ours.id, 1_200)       # manager's 15 % covers it
    large = await quote(quotes, p["rep"], theirs.id, 2_500)     # only a director's 30 %
    listed = await quotes.ListQuotes(qpb.ListQuotesRequest(approval="pending"),
                                     metadata=p["manager"])
    seen = {q.id: (q.can_decide, q.waiting_for) for q in listed.quotes}
    assert seen == {small.id: (True, "待您审批"), large.id: (False, "等待总监审批")}
    for q in (small, large):
        decide = qpb.DecideDiscountRequest(quote_id=q.id, approve=True)
        if seen[q.id][0]:
            assert (await quotes.DecideDiscount(decide, metadata=p["manager"])).approval == (
                "approved")
        else:
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await quotes.DecideDiscount(decide, metadata=p["manager"])
            assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    director = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=large.id),
                                     metadata=auth("director"))
    assert (director.can_decide, director.waiting_for) == (True, "待您审批")
    rep_view = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=large.id), metadata=p["rep"])
    assert (rep_view.can_decide, rep_view.waiting_for) == (False, "等待总监审批")


async def test_a_discount_waits_undecided_while_its_deal_is_back_before_solution_design(
    stub, quotes, auth,
) -> None:
    """The rep asked for 10 % off in 方案设计; before the manager decides, the customer's
    needs change and the deal goes back to 需求确认. The manager cannot approve a price for
    a solution being redone (409 naming both stages, as issuing it would be), the quote
    says why nobody can decide it now, and once the deal is forward again it is decided.
    A decision already made still answers when repeated."""
    p = people(auth)
    opp = await deal(stub, p["rep"])
    pending = await quote(quotes, p["rep"], opp.id, bp=1000)
    assert pending.approval == "pending"
    await reach(opp.id, "needs_confirmed")
    decide = qpb.DecideDiscountRequest(quote_id=pending.id, approve=True)
    with pytest.raises(grpc.aio.AioRpcError) as held:
        await quotes.DecideDiscount(decide, metadata=p["manager"])
    assert held.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert held.value.details() == ("商机当前处于「需求确认」阶段，"
                                    "审批报价折扣须在「方案设计」阶段或之后进行")
    seen = await quotes.GetQuote(qpb.GetQuoteRequest(quote_id=pending.id),
                                 metadata=p["manager"])
    assert (seen.approval, seen.can_decide) == ("pending", False)
    assert seen.waiting_for == "商机已退回「需求确认」阶段，回到「方案设计」后再审批折扣"

    await reach(opp.id, "solution_design")
    approved = await quotes.DecideDiscount(decide, metadata=p["manager"])
    assert approved.approval == "approved"
    await reach(opp.id, "needs_confirmed")
    again = await quotes.DecideDiscount(decide, metadata=p["manager"])  # a retry answers
    assert again.approval == "approved"
