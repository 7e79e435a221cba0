"""The demo history told once, through the outbox, to whoever keeps records of the past:
one `pipeline.deal_history_recorded` per deal of `python -m pipeline seed-demo`'s year,
carrying the pipeline.* events that deal's past would have raised live (opened, every
stage move, the won or lost, each reported visit, the needs record, each issued quote),
built from what the pipeline stored — the same rows its lists, analytics and contracts
show. The incentives service scores them as it scores live events, so a director's
scorecard for a past week counts exactly the deals, visits and moves the pipeline lists
(it used to be a second generator's, and never agreed).

History, not news: the type is one no notifier or work-order consumer asks for. A second
run finds the events in the outbox and tells nothing again; the inner events' ids are
stable per deal, so even a second telling would add no fact twice.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from google.protobuf.message import Message
from salesos.events.v1 import pipeline_pb2 as ev
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from pipeline.adapters import demo_history_reads as reads
from pipeline.domain import stages as st
from pipeline.domain.demo_history import demo_id
from pipeline.service_layer.demo_history import SEED
from pipeline.service_layer.deps import SOURCE

Told = tuple[datetime, str, Message]  # when, event type, payload


async def tell_history(sessions: async_sessionmaker[AsyncSession]) -> int:
    """Deals told; 0 when told before or there is no history."""
    async with UnitOfWork(sessions, source=SOURCE) as uow:
        if await reads.already_told(uow.session):
            return 0
        deals = await reads.recorded(uow.session)
        for deal in deals:
            uow.publish(ev.DealHistoryRecorded(
                opportunity_id=str(deal.row.id), owner_id=deal.row.owner_id,
                events=envelopes(deal)), type=reads.HISTORY_TYPE, aggregate_id=str(deal.row.id))
        await uow.commit()
    return len(deals)


def envelopes(deal: reads.RecordedDeal) -> list[Envelope]:
    """The deal's past as events in time order (a move before the won or lost it makes)."""
    told = sorted(_events(deal), key=lambda t: t[0])  # stable: same-time events keep order
    made = []
    for k, (at, kind, payload) in enumerate(told):
        envelope = Envelope(id=demo_id(SEED, "event", deal.row.id, k), type=kind,
                            source=SOURCE, aggregate_id=str(deal.row.id), occurred_at=ts(at))
        envelope.payload.Pack(payload)
        made.append(envelope)
    return made


def _events(deal: reads.RecordedDeal) -> list[Told]:
    d = deal.row
    mine = {"opportunity_id": str(d.id), "owner_id": d.owner_id, "region_id": d.region_id}
    told: list[Told] = [(d.created_at, "pipeline.opportunity_opened", ev.OpportunityOpened(
        account_id=str(d.account_id), account_name=d.account_name, title=d.title,
        amount_fen=d.amount_fen, owner_username=d.owner_username, lead_id=d.lead_id or "",
        stage=st.LEAD, process_version=d.process_version, opened_at=ts(d.created_at),
        **mine))]
    entered = d.created_at
    for c in deal.changes:
        told.append((c.at, "pipeline.stage_changed", ev.StageChanged(
            from_stage=c.from_stage, to_stage=c.to_stage, by_user_id=c.by_user_id,
            reason=c.reason, changed_at=ts(c.at),
            seconds_in_from_stage=int((c.at - entered).total_seconds()), title=d.title,
            account_name=d.account_name, **mine)))
        entered = c.at
        if c.to_stage == st.LOST:
            told.append((c.at, "pipeline.deal_lost", ev.DealLost(
                from_stage=c.from_stage, reason=c.reason, by_user_id=c.by_user_id,
                amount_fen=d.amount_fen, lost_at=ts(c.at), **mine)))
        elif c.to_stage == st.WON:
            told.append((c.at, "pipeline.deal_won", _won(d, c.at, c.by_user_id, mine)))
    told += [(v.reported_at, "pipeline.visit_reported", ev.VisitReported(
        visit_id=str(v.id), account_id=str(d.account_id), account_name=d.account_name,
        rep_id=v.rep_id, first=v.first, checked_in_at=ts(v.checked_in_at),
        reported_at=ts(v.reported_at),
        stage_entered_at=ts(_entered(deal, st.FIRST_VISIT, v.reported_at)), **mine))
        for v in deal.visits]
    if (n := deal.needs) is not None:
        data = _json(n.data)
        told.append((n.updated_at, "pipeline.needs_recorded", ev.NeedsRecorded(
            complete=n.complete, nonstandard_support=bool(data.get("nonstandard_support")),
            nonstandard_request=data.get("nonstandard_request", ""),
            recorded_at=ts(n.updated_at), stage=_stage_at(deal, n.updated_at), **mine)))
    told += [(q.issued_at, "pipeline.quote_issued", _quote(deal, q)) for q in deal.quotes]
    return told


def _won(d: Any, at: datetime, by: str, mine: dict[str, str]) -> ev.DealWon:
    signed = d.signed_at or at
    return ev.DealWon(
        account_id=str(d.account_id), account_name=d.account_name, amount_fen=d.amount_fen,
        cycle_seconds=int((signed - d.created_at).total_seconds()), won_at=ts(at),
        lead_id=d.lead_id or "", industry=d.industry, scale=d.scale,
        product_codes=_json(d.product_codes) or [], contract_id=str(d.contract_id or ""),
        title=d.title, by_user_id=by, **mine)


def _quote(deal: reads.RecordedDeal, q: Any) -> ev.QuoteIssued:
    d = deal.row
    return ev.QuoteIssued(
        quote_id=str(q.id), opportunity_id=str(d.id), version=q.version, owner_id=d.owner_id,
        region_id=d.region_id, account_name=d.account_name, subtotal_fen=q.subtotal_fen,
        discount_fen=q.discount_fen, total_fen=q.total_fen, discount_bp=q.discount_bp,
        issued_by=q.issued_by, issued_at=ts(q.issued_at),
        lines=[ev.QuoteLine(product_code=x.product_code, product_name=x.product_name,
                            kind=x.kind, quantity=x.quantity, unit_price_fen=x.unit_price_fen,
                            line_total_fen=x.line_total_fen) for x in deal.lines[str(q.id)]],
        opportunity_opened_at=ts(d.created_at))


def _json(value: Any) -> Any:
    """A JSONB column as Python, whether the driver decoded it or not."""
    return json.loads(value) if isinstance(value, str) else value


def _entered(deal: reads.RecordedDeal, stage: str, before: datetime) -> datetime | None:
    """When the deal last entered `stage` up to `before` (what a live report reads)."""
    return next((c.at for c in reversed(deal.changes)
                 if c.to_stage == stage and c.at <= before), None)


def _stage_at(deal: reads.RecordedDeal, moment: datetime) -> str:
    return next((c.to_stage for c in reversed(deal.changes) if c.at <= moment), st.LEAD)
