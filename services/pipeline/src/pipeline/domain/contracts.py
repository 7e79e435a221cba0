"""The contract: versioned terms, an ordered approval chain, then the signature.

Status: draft → pending_approval → approved → signed, or → rejected (editing the terms
of a rejected contract makes a new version and a draft again; submitting starts a new
round of steps); any unsigned one → cancelled when its deal is lost; a submitted or
approved one → draft when its deal is sent back before 报价 (`withdraw`). Changing the
terms of a submitted or approved contract makes it a draft again to be approved anew: what an
approver approved is what the customer signs. Steps are decided strictly in order; only
the pending step's approver (the delegate, when the step was delegated) may decide, and
nobody approves a contract of their own deal. Pure; no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipeline.domain import contract_events as ev
from pipeline.domain.approval_round import ApprovalRound
from pipeline.domain.approval_steps import NotApprover, Step, Timing
from pipeline.domain.contract_status import (
    APPROVED,
    CANCELLED,
    DRAFT,
    PENDING,
    REJECTED,
    SIGNED,
    STATUS_LABELS,
)
from pipeline.domain.contract_terms import Terms
from pipeline.domain.errors import InvalidField, TransitionRefused

# What callers import from here (the round's rules: approval_round, approval_steps).
__all__ = ["APPROVED", "CANCELLED", "DRAFT", "PENDING", "REJECTED", "SIGNED", "STATUS_LABELS",
           "Contract", "NotApprover", "Step", "Timing", "Version"]


@dataclass(frozen=True)
class Version:
    version: int
    terms: Terms
    created_by: str
    created_at: datetime


@dataclass
class Contract(ApprovalRound):
    id: str
    opportunity_id: str
    quote_id: str
    owner_id: str
    region_id: str
    account_name: str
    title: str
    created_by: str
    created_at: datetime
    versions: list[Version]
    product_codes: tuple[str, ...] = ()
    number: str = ""  # given when stored (contract_number)
    status: str = DRAFT
    round: int = 0
    steps: list[Step] = field(default_factory=list)     # the latest round
    signed_at: datetime | None = None
    events: list[Any] = field(default_factory=list, compare=False)

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def amount_fen(self) -> int:
        return self.current.terms.price_fen

    def version(self, number: int, *, field: str = "against") -> Version:
        found = next((v for v in self.versions if v.version == number), None)
        if found is None:
            raise InvalidField(field, f"合同没有第 {number} 版")
        return found

    def revise(self, terms: Terms, *, by: str, now: datetime) -> bool:
        """A new version, a draft again; False when the terms equal the current ones (a
        retry). Until the customer signs, terms may change (customers negotiate after
        approval too): the round in progress, or the approval given, was for other terms,
        so its open steps end and the new version must be submitted again."""
        if self.status not in (DRAFT, REJECTED, PENDING, APPROVED):
            raise TransitionRefused(f"合同{STATUS_LABELS[self.status]}，不能修改条款")
        if terms == self.current.terms:
            return False
        self._end_round(ev.TERMS_REVISED)
        self.versions.append(Version(self.current.version + 1, terms, by, now))
        self.status = DRAFT
        return True

    def cancel(self) -> list[str]:
        """The deal was lost: an unsigned contract is void (its open steps end, it can no
        longer be edited, submitted or signed). The ids of the steps that were pending."""
        if self.status in (SIGNED, CANCELLED):
            return []
        pending = self._end_round(ev.CONTRACT_CANCELLED)
        self.status = CANCELLED
        return pending

    def withdraw(self) -> list[str] | None:
        """The deal went back before 报价 (its solution or needs are being redone): a round
        in progress, or the approval given, was for a deal that no longer stands there, so
        the contract is a draft again, submitted anew once the deal is back in 报价. None
        when there was nothing to withdraw; else the ids of the steps that were pending."""
        if self.status not in (PENDING, APPROVED):
            return None
        pending = self._end_round(ev.DEAL_SENT_BACK)
        self.status = DRAFT
        return pending

    def sign(self, document_sha256: str, signer_name: str, now: datetime) -> None:
        if self.status != APPROVED:
            raise TransitionRefused(f"合同{STATUS_LABELS[self.status]}，不能签署")
        self.status, self.signed_at = SIGNED, now
        self.events.append(ev.SignatureCompleted(document_sha256, signer_name, now))


def contract_number(year: int, sequence: int) -> str:
    """What people quote and file a contract under: HT-2026-00042, the 42nd of 2026
    (Beijing time); five digits leave room for any year of a mid-sized manufacturer."""
    return f"HT-{year}-{sequence:05d}"


# HT, the year, the sequence; between them any dash or space people type (a Chinese IME
# gives full-width letters and －, Word turns - into —), or nothing.
_TYPED_NUMBER = re.compile(r"HT[-‐‑‒–—―－\s]*(\d{4})[-‐‑‒–—―－\s]*(\d{1,9})")


def typed_number(text: str) -> str:
    """The number a person typed as contract_number prints it: ＨＴ－２０２６－４２ and
    ht 2026 00042 both read HT-2026-00042. Anything else comes back without spaces, in
    upper case (it then simply finds nothing)."""
    folded = unicodedata.normalize("NFKC", text).upper()
    if (found := _TYPED_NUMBER.fullmatch(folded.strip())) is not None:
        return contract_number(int(found[1]), int(found[2]))
    return "".join(folded.split())
