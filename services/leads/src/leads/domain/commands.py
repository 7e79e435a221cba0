"""What callers ask the leads service to do."""

from __future__ import annotations

from dataclasses import dataclass


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


@dataclass(frozen=True)
class AssignLead:
    lead_id: str
