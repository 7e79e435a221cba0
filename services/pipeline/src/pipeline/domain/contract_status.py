"""The values of a contract's status with the zh-CN labels users see (one place, so the
contract and its approval round agree)."""

from __future__ import annotations

DRAFT, PENDING, APPROVED, REJECTED, SIGNED, CANCELLED = (
    "draft", "pending_approval", "approved", "rejected", "signed", "cancelled")
STATUS_LABELS = {DRAFT: "草稿", PENDING: "审批中", APPROVED: "已审批", REJECTED: "已驳回",
                 SIGNED: "已签署", CANCELLED: "已作废"}
