"""Events the contract aggregate raises; service_layer/contract_messages.py turns them
into protobuf for the outbox (subjects pipeline.approval_* and pipeline.signature_*)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ApprovalRequested:
    step_id: str
    position: int
    approver_id: str
    level: str
    delegated_from: str
    due_at: datetime          # the reminder; escalation follows later
    escalate_at: datetime
    reason: str = ""          # zh-CN, the step's own (a price below the accepted quote)


@dataclass(frozen=True)
class ApprovalDecided:
    position: int
    approver_id: str
    decision: str             # approved | rejected
    comment: str
    final: bool
    decided_at: datetime
    step_id: str = ""         # whoever else held the step no longer decides it


@dataclass(frozen=True)
class ApprovalWithdrawn:
    """The round ended before `step_ids` (the steps waiting for an approver) were decided:
    whoever was asked to decide them no longer can, and should hear so."""

    step_ids: tuple[str, ...]
    why: str                  # DEAL_SENT_BACK | TERMS_REVISED | CONTRACT_CANCELLED


DEAL_SENT_BACK, TERMS_REVISED, CONTRACT_CANCELLED = (
    "deal_sent_back", "terms_revised", "contract_cancelled")


@dataclass(frozen=True)
class SignatureCompleted:
    document_sha256: str
    signer_name: str
    signed_at: datetime
