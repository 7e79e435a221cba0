"""Products, quotes and recommendations → protobuf; the pipeline.quote_issued event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.pipeline.v1 import quotes_pb2 as qpb
from servicekit.protos import timestamp as _ts
from servicekit.uow import UnitOfWork

from pipeline.adapters.quotes_repo import DealInfo
from pipeline.domain import stage_rules
from pipeline.domain.catalogue import KIND_LABELS, Product
from pipeline.domain.quote_delegates import StandIn, standing_in
from pipeline.domain.quotes import APPROVAL_LABELS, STATE_LABELS, Quote


def product(p: Product) -> qpb.Product:
    return qpb.Product(code=p.code, kind=p.kind, kind_label=KIND_LABELS[p.kind], name=p.name,
                       list_price_fen=p.list_price_fen, unit=p.unit, fits=list(p.fits),
                       active=p.active)


@dataclass(frozen=True)
class Viewer:
    """The caller's role, today's discount limits and the delegations in force."""

    role: str
    limits: dict[str, int]
    stand_ins: tuple[StandIn, ...] = ()
    directors_away: bool = False  # every director has delegated (quote_delegates)


def quote(q: Quote, deal: DealInfo | None, viewer: Viewer | None = None) -> qpb.Quote:
    """`viewer` fills can_decide and waiting_for."""
    t = q.totals
    reply = qpb.Quote(
        id=q.id, opportunity_id=q.opportunity_id, version=q.version, state=q.state,
        state_label=STATE_LABELS[q.state], approval=q.approval,
        approval_label=APPROVAL_LABELS[q.approval], approval_role=q.approval_role,
        lines=[qpb.QuoteLineItem(**vars(line)) for line in q.lines],
        subtotal_fen=t.subtotal_fen, discount_bp=t.discount_bp, discount_fen=t.discount_fen,
        total_fen=t.total_fen, note=q.note, created_by=q.created_by,
        created_at=_ts(q.created_at), decided_by=q.decided_by, decided_at=_ts(q.decided_at),
        decision_comment=q.decision_comment, issued_by=q.issued_by,
        issued_at=_ts(q.issued_at), accepted_by=q.accepted_by, accepted_at=_ts(q.accepted_at))
    if deal is not None:
        reply.account_name, reply.opportunity_title = deal.account_name, deal.title
        reply.owner_username, reply.region_id = deal.owner_username, deal.region_id
    if viewer is not None:
        names = standing_in(viewer.stand_ins, q, owner_id=deal.owner_id,
                            region_id=deal.region_id, limits=viewer.limits,
                            directors_away=viewer.directors_away) \
            if deal is not None and viewer.stand_ins else ()
        reply.can_decide, reply.waiting_for = q.waiting_for(
            role=viewer.role, limits=viewer.limits, stand_ins=names)
        if reply.waiting_for and deal is not None \
                and (held := stage_rules.discount_on_hold(deal.stage)):
            reply.can_decide, reply.waiting_for = False, held
    return reply


def publish_issued(uow: UnitOfWork, q: Quote, deal: DealInfo, opened_at: datetime) -> None:
    """pipeline.quote_issued, in the transaction that issues the quote."""
    assert q.issued_at is not None
    t = q.totals
    uow.publish(ev_pb2.QuoteIssued(
        quote_id=q.id, opportunity_id=q.opportunity_id, version=q.version,
        owner_id=deal.owner_id, region_id=deal.region_id, account_name=deal.account_name,
        subtotal_fen=t.subtotal_fen, discount_fen=t.discount_fen, total_fen=t.total_fen,
        discount_bp=t.discount_bp, issued_by=q.issued_by, issued_at=_ts(q.issued_at),
        lines=[ev_pb2.QuoteLine(product_code=line.product_code,
                                product_name=line.product_name, kind=line.kind,
                                quantity=line.quantity, unit_price_fen=line.unit_price_fen,
                                line_total_fen=line.line_total_fen) for line in q.lines],
        opportunity_opened_at=_ts(opened_at)),
        type="pipeline.quote_issued", aggregate_id=q.opportunity_id)
