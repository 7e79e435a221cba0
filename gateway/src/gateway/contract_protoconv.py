"""ContractService protobuf ↔ the REST bodies and answers."""

from __future__ import annotations

from datetime import date

from salesos.pipeline.v1 import contracts_pb2 as pb

from gateway.contract_schemas import (
    ApprovalStepRead,
    ContractRead,
    ContractVersionRead,
    MatrixLevel,
    MatrixRead,
    TermsBody,
    TermsRead,
)
from gateway.protoconv import _time


def terms_request(body: TermsBody) -> pb.Terms:
    return pb.Terms(payment_terms=body.payment_terms,
                    delivery_date=body.delivery_date.isoformat(),
                    warranty_months=body.warranty_months, penalties=body.penalties,
                    price_fen=body.price_fen or 0)


def terms_read(t: pb.Terms) -> TermsRead:
    return TermsRead(payment_terms=t.payment_terms,
                     delivery_date=date.fromisoformat(t.delivery_date),
                     warranty_months=t.warranty_months, penalties=t.penalties,
                     price_fen=t.price_fen)


def contract_read(c: pb.Contract) -> ContractRead:
    return ContractRead(
        id=c.id, number=c.number, opportunity_id=c.opportunity_id, quote_id=c.quote_id,
        status=c.status, status_label=c.status_label, current_version=c.current_version,
        terms=terms_read(c.terms),
        versions=[ContractVersionRead(version=v.version, terms=terms_read(v.terms),
                                      created_by=v.created_by, created_at=_time(v, "created_at"))
                  for v in c.versions],
        approval=[ApprovalStepRead(
            position=s.position, level=s.level, label=s.label, reason=s.reason,
            approver_id=s.approver_id,
            delegated_from=s.delegated_from or None, status=s.status, comment=s.comment,
            decided_by=s.decided_by or None, decided_at=_time(s, "decided_at"),
            due_at=_time(s, "due_at"), round=s.round) for s in c.approval],
        owner_id=c.owner_id, region_id=c.region_id or None, account_name=c.account_name,
        product_codes=list(c.product_codes), created_at=_time(c, "created_at"),
        signed_at=_time(c, "signed_at"), document_sha256=c.document_sha256 or None)


def matrix_read(m: pb.ApprovalMatrix) -> MatrixRead:
    return MatrixRead(version=m.version, created_by=m.created_by,
                      created_at=_time(m, "created_at"),
                      levels=[MatrixLevel(code=lv.code, label=lv.label, from_fen=lv.from_fen,
                                          approver_kind=lv.approver_kind,  # type: ignore[arg-type]
                                          approver_username=lv.approver_username)
                              for lv in m.levels])
