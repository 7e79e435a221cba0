"""What callers ask the leads service to do."""

from __future__ import annotations

from dataclasses import dataclass

from leads.domain.qualification import DecisionMaker


@dataclass(frozen=True)
class CreateLead:
    """Raw input as it arrived; validation and normalisation happen in Lead.create."""

    source: str
    idempotency_key: str = ""
    name: str = ""
    company: str = ""
    phone: str = ""
    email: str = ""
    province: str = ""
    industry: str = ""
    message: str = ""
    wechat_id: str = ""
    title: str = ""
    event: str = ""   # trade show, for QR scans
    booth: str = ""
    channel: str = ""  # web_form, manual, qr_scan, ads; empty: the source
    source_kind: str = ""  # the directory's kind of source (scoring.SOURCE_KINDS); "": by name


@dataclass(frozen=True)
class AssignLead:
    lead_id: str
    import_id: str = ""  # the import that stored it new (its leads.created says so)


@dataclass(frozen=True)
class UpdateQualification:
    """The qualified fields to change; None leaves a field as it is. At most one budget."""

    lead_id: str
    industry: str | None = None
    company_scale: str | None = None
    pain_point: str | None = None
    budget_fen: int | None = None
    budget_yuan: str | None = None
    clear_budget: bool = False
    decision_chain: list[DecisionMaker] | None = None
    urgency: str | None = None
    tags: list[str] | None = None
    # The customer's province as a rep or manager learnt it: it becomes the given one, and
    # the lead follows it to that province's region (domain/region_move.py).
    province: str | None = None
