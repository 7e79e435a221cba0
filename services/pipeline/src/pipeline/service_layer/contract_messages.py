"""Contract domain → protobuf replies, and its events → the outbox (pipeline.approval_*,
pipeline.approval_withdrawn among them, and pipeline.signature_completed)."""

from __future__ import annotations

from datetime import datetime

from salesos.events.v1 import pipeline_pb2 as ev_pb2
from salesos.pipeline.v1 import contracts_pb2 as pb
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork

from pipeline.domain import contract_events as ev
from pipeline.domain.approval_matrix import Level
from pipeline.domain.contract_terms import Terms
from pipeline.domain.contracts import STATUS_LABELS, Contract


def terms(t: Terms) -> pb.Terms:
    return pb.Terms(payment_terms=t.payment_terms, delivery_date=t.delivery_date.isoformat(),
                    warranty_months=t.warranty_months, penalties=t.penalties,
                    price_fen=t.price_fen)


def contract(c: Contract, *, document_sha256: str = "") -> pb.Contract:
    return pb.Contract(
        id=c.id, opportunity_id=c.opportunity_id, quote_id=c.quote_id, status=c.status,
        status_label=STATUS_LABELS[c.status], current_version=c.current.version,
        terms=terms(c.current.terms),
        versions=[pb.ContractVersion(version=v.version, terms=terms(v.terms),
                                     created_by=v.created_by, created_at=ts(v.created_at))
                  for v in c.versions],
        approval=[pb.ApprovalStep(
            position=s.position, level=s.level, label=s.label, approver_id=s.approver_id,
            delegated_from=s.delegated_from, status=s.status, comment=s.comment,
            decided_by=s.decided_by, decided_at=ts(s.decided_at), due_at=ts(s.due_at),
            round=s.round, reason=s.reason) for s in c.steps],
        owner_id=c.owner_id, region_id=c.region_id, account_name=c.account_name,
        product_codes=list(c.product_codes), created_at=ts(c.created_at),
        signed_at=ts(c.signed_at), document_sha256=document_sha256, number=c.number)


def matrix(version: int, levels: tuple[Level, ...], created_by: str,
           created_at: datetime | None) -> pb.ApprovalMatrix:
    return pb.ApprovalMatrix(version=version, created_by=created_by, created_at=ts(created_at),
                             levels=[pb.MatrixLevel(**level.__dict__) for level in levels])


def publish(uow: UnitOfWork, c: Contract, *, now: datetime | None = None) -> None:
    """Stages every event the contract raised into the outbox, in the order raised
    (`now`: when a round was withdrawn, for an event that does not carry its time)."""
    for event in c.events:
        if isinstance(event, ev.ApprovalRequested):
            uow.publish(ev_pb2.ApprovalRequested(
                contract_id=c.id, opportunity_id=c.opportunity_id, step=event.position,
                approver_id=event.approver_id, approver_role=event.level,
                delegated_from=event.delegated_from, amount_fen=c.amount_fen,
                account_name=c.account_name, owner_id=c.owner_id, due_at=ts(event.due_at),
                reason=event.reason, step_id=event.step_id),
                type="pipeline.approval_requested", aggregate_id=c.id)
        elif isinstance(event, ev.ApprovalDecided):
            uow.publish(ev_pb2.ApprovalDecided(
                contract_id=c.id, opportunity_id=c.opportunity_id, step=event.position,
                approver_id=event.approver_id, decision=event.decision, comment=event.comment,
                final=event.final, owner_id=c.owner_id, decided_at=ts(event.decided_at),
                account_name=c.account_name, step_id=event.step_id),
                type="pipeline.approval_decided", aggregate_id=c.id)
        elif isinstance(event, ev.ApprovalWithdrawn):
            uow.publish(ev_pb2.ApprovalWithdrawn(
                contract_id=c.id, opportunity_id=c.opportunity_id,
                step_ids=list(event.step_ids), why=event.why, owner_id=c.owner_id,
                account_name=c.account_name, withdrawn_at=ts(now)),
                type="pipeline.approval_withdrawn", aggregate_id=c.id)
        elif isinstance(event, ev.SignatureCompleted):
            uow.publish(ev_pb2.SignatureCompleted(
                contract_id=c.id, opportunity_id=c.opportunity_id, owner_id=c.owner_id,
                region_id=c.region_id, document_sha256=event.document_sha256,
                signer_name=event.signer_name, signed_at=ts(event.signed_at),
                account_name=c.account_name),
                type="pipeline.signature_completed", aggregate_id=c.id)
    c.events.clear()
