"""QuoteService protobuf → the REST answers."""

from __future__ import annotations

from salesos.pipeline.v1 import quotes_pb2 as qpb

from gateway.protoconv import _time
from gateway.quote_schemas import (
    ProductRead,
    QuoteLineRead,
    QuoteRead,
    RecommendationRead,
    RecommendationsRead,
)


def product_read(p: qpb.Product) -> ProductRead:
    return ProductRead(code=p.code, kind=p.kind, kind_label=p.kind_label, name=p.name,
                       list_price_fen=p.list_price_fen, unit=p.unit, fits=list(p.fits),
                       active=p.active)


def quote_read(q: qpb.Quote) -> QuoteRead:
    return QuoteRead(
        id=q.id, opportunity_id=q.opportunity_id, opportunity_title=q.opportunity_title,
        account_name=q.account_name, owner_username=q.owner_username,
        region_id=q.region_id or None, version=q.version, state=q.state,
        state_label=q.state_label, approval=q.approval, approval_label=q.approval_label,
        approval_role=q.approval_role or None, can_decide=q.can_decide,
        waiting_for=q.waiting_for or None,
        lines=[QuoteLineRead(product_code=x.product_code, product_name=x.product_name,
                             kind=x.kind, unit=x.unit, quantity=x.quantity,
                             unit_price_fen=x.unit_price_fen, line_total_fen=x.line_total_fen)
               for x in q.lines],
        subtotal_fen=q.subtotal_fen, discount_bp=q.discount_bp, discount_fen=q.discount_fen,
        total_fen=q.total_fen, note=q.note, created_by=q.created_by,
        created_at=_time(q, "created_at"), decided_by=q.decided_by or None,
        decided_at=_time(q, "decided_at"), decision_comment=q.decision_comment,
        issued_by=q.issued_by or None, issued_at=_time(q, "issued_at"),
        accepted_by=q.accepted_by or None, accepted_at=_time(q, "accepted_at"))


def recommendations_read(r: qpb.Recommendations) -> RecommendationsRead:
    return RecommendationsRead(
        opportunity_id=r.opportunity_id, industry=r.industry, scale=r.scale,
        peer_deals=r.peer_deals, basis=r.basis or "industry_scale",
        items=[RecommendationRead(product=product_read(i.product), confidence=i.confidence,
                                  lift=i.lift, support=i.support, deals_with=i.deals_with,
                                  peer_deals=i.peer_deals, because_of=i.because_of or None,
                                  explanation=i.explanation) for i in r.items])
