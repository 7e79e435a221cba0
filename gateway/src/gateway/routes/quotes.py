"""Quotes: a new version for a deal, read, list, discount approval, issue, accept, .xlsx,
and the deal's recommendations. The pipeline's QuoteService scopes and decides.

A discount above the author's limit (rep 5 %, manager 15 %, director 30 % by default;
`/discount-limits`) is saved with `approval: pending` and cannot be issued until a manager
of the deal's region (or a director, above the manager's limit) approves it; a discount
above every approver's limit is 422 on `discount_bp`."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from salesos.pipeline.v1 import quotes_pb2 as qpb

from gateway.deps import BearerToken, CurrentUser, Session
from gateway.export_rows import every_row
from gateway.org_names import names_by_username
from gateway.quote_lists_sheet import append_quote, quotes_sheet
from gateway.quote_protoconv import quote_read, recommendations_read
from gateway.quote_schemas import (
    DiscountDecision,
    QuoteCreate,
    QuotePage,
    QuoteRead,
    RecommendationsRead,
)
from gateway.quote_sheet import quote_workbook
from gateway.quotes_client import Quotes
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, Sheet, xlsx_download

router = APIRouter(prefix=API_PREFIX, tags=["quotes"])
IdempotencyKey = Annotated[str | None, Header(
    max_length=200, description="the same key from the same person returns the same quote")]
# Issue, accept and the discount decision are idempotent by state (a repeat changes
# nothing and publishes nothing), so their Idempotency-Key needs no bookkeeping.
StateKey = Annotated[str | None, Header(max_length=200)]


@router.post("/opportunities/{opportunity_id}/quotes", status_code=201,
             response_model=QuoteRead)
async def create_quote(opportunity_id: str, body: QuoteCreate, _: CurrentUser,
                       token: BearerToken, quotes: Quotes,
                       idempotency_key: IdempotencyKey = None) -> QuoteRead:
    """The next version at today's list prices; it supersedes the deal's draft or issued
    version. Totals are computed here in fen: discount = subtotal × discount_bp / 10000
    rounded half up to the fen."""
    request = qpb.CreateQuoteRequest(
        opportunity_id=opportunity_id, discount_bp=body.discount_bp, note=body.note,
        lines=[qpb.QuoteLineRequest(product_code=x.product_code, quantity=x.quantity)
               for x in body.lines], idempotency_key=idempotency_key or "")
    return quote_read(await quotes.call("CreateQuote", request, user_token=token))


@router.get("/quotes", response_model=QuotePage)
async def list_quotes(
    _: CurrentUser, token: BearerToken, quotes: Quotes,
    opportunity_id: Annotated[str, Query(max_length=64)] = "",
    state: Annotated[str, Query(max_length=20)] = "",
    approval: Annotated[str, Query(max_length=20, description="e.g. pending")] = "",
    cursor: Annotated[str, Query(max_length=500)] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> QuotePage:
    """Newest first. Reps see their deals' quotes, managers their regions' and their
    people's deals' (wherever those are), directors all; finance sees every quote that
    was issued. `approval=pending`: the discounts waiting for a decision in the caller's
    scope, each saying whether the caller may decide it (`can_decide`, the rule the
    decision applies) and who must act (`waiting_for`: 待您审批, or 等待总监审批 for one
    above a manager's limit); a delegate also gets the pending discounts they hold for
    an away approver, and the rep reads whom to ask (等待经理审批（由 李明 代理）)."""
    reply = await quotes.call("ListQuotes", qpb.ListQuotesRequest(
        opportunity_id=opportunity_id, state=state, approval=approval, page_size=limit,
        page_token=cursor),
        user_token=token)
    return QuotePage(items=[quote_read(q) for q in reply.quotes],
                     next_cursor=reply.next_page_token or None)


@router.get("/quotes/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}},
                       422: {"description": "`export_too_large`: over 10,000 quotes"}})
async def export_quotes(
    _: CurrentUser, token: BearerToken, quotes: Quotes, session: Session,
    opportunity_id: Annotated[str, Query(max_length=64)] = "",
    state: Annotated[str, Query(max_length=20)] = "",
    approval: Annotated[str, Query(max_length=20)] = "",
) -> StreamingResponse:
    """The list's filters and scope, every matching quote, one row each; more than 10,000:
    422 `export_too_large` (narrow the filters)."""
    async def page(cursor: str) -> tuple[Sequence[qpb.Quote], str]:
        reply = await quotes.call("ListQuotes", qpb.ListQuotesRequest(
            opportunity_id=opportunity_id, state=state, approval=approval, page_size=100,
            page_token=cursor), user_token=token)
        return reply.quotes, reply.next_page_token

    every = await every_row(page, noun="报价", narrow="商机、状态或审批状态")
    people = await names_by_username(session, {q.owner_username for q in every})

    def build() -> Sheet:
        sheet = quotes_sheet()  # only once it is known to be whole: nothing half-written
        for found in every:
            append_quote(sheet, found, people)
        return sheet

    return await xlsx_download(build, "quotes", "报价")


@router.get("/quotes/{quote_id}", response_model=QuoteRead)
async def get_quote(quote_id: str, _: CurrentUser, token: BearerToken,
                    quotes: Quotes) -> QuoteRead:
    return quote_read(await quotes.call("GetQuote", qpb.GetQuoteRequest(quote_id=quote_id),
                                        user_token=token))


@router.get("/quotes/{quote_id}/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_quote(quote_id: str, _: CurrentUser, token: BearerToken,
                       quotes: Quotes, session: Session) -> StreamingResponse:
    found = await quotes.call("GetQuote", qpb.GetQuoteRequest(quote_id=quote_id),
                              user_token=token)
    seller = await names_by_username(session, [found.owner_username])
    name = seller.get(found.owner_username, "")
    return await xlsx_download(lambda: io.BytesIO(quote_workbook(found, name)),
                               f"quote-v{found.version}",
                               f"报价单-{found.account_name}-V{found.version}")


@router.post("/quotes/{quote_id}/discount-approval", response_model=QuoteRead)
async def decide_discount(quote_id: str, body: DiscountDecision, _: CurrentUser,
                          token: BearerToken, quotes: Quotes,
                          idempotency_key: StateKey = None) -> QuoteRead:
    """A manager of the deal's region or of its owner, or a director, within their own
    limit; while one is away (`PUT /me/delegation`), their delegate too, within both
    limits (the delegate reads that quote, not the deal). Rejecting needs a comment. The
    first decision counts: another person's later one is 409, the decider's own retry
    changes nothing."""
    request = qpb.DecideDiscountRequest(quote_id=quote_id, approve=body.decision == "approve",
                                        comment=body.comment)
    return quote_read(await quotes.call("DecideDiscount", request, user_token=token))


@router.post("/quotes/{quote_id}/issue", response_model=QuoteRead)
async def issue_quote(quote_id: str, _: CurrentUser, token: BearerToken, quotes: Quotes,
                      idempotency_key: StateKey = None) -> QuoteRead:
    """Sends the quote: `pipeline.quote_issued` reaches finance, the deal's amount becomes
    the total. 409 while its discount waits for approval, and while the deal is before
    方案设计 (sent back: the detail names its stage and the one needed)."""
    return quote_read(await quotes.call("IssueQuote", qpb.QuoteActionRequest(
        quote_id=quote_id), user_token=token))


@router.post("/quotes/{quote_id}/accept", response_model=QuoteRead)
async def accept_quote(quote_id: str, _: CurrentUser, token: BearerToken, quotes: Quotes,
                       idempotency_key: StateKey = None) -> QuoteRead:
    """The customer accepted: only the deal's current issued version, and only in 报价 or
    later (409 otherwise, naming the deal's stage). Contracts are made from accepted
    quotes."""
    return quote_read(await quotes.call("AcceptQuote", qpb.QuoteActionRequest(
        quote_id=quote_id), user_token=token))


@router.get("/opportunities/{opportunity_id}/recommendations",
            response_model=RecommendationsRead)
async def recommendations(opportunity_id: str, _: CurrentUser, token: BearerToken,
                          quotes: Quotes,
                          limit: Annotated[int, Query(ge=1, le=20)] = 5) -> RecommendationsRead:
    """Add-ons and service packages that won deals of customers in the same industry and
    scale included, ranked by confidence then lift (at least 3 such customers behind each),
    minus what the deal's current quote has."""
    reply = await quotes.call("GetRecommendations", qpb.GetRecommendationsRequest(
        opportunity_id=opportunity_id, limit=limit), user_token=token)
    return recommendations_read(reply)
