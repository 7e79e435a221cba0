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
    wechat_id: str = ""
    title: str = ""
    event: str = ""   # trade show, for QR scans
    booth: str = ""
    channel: str = ""  # web_form, manual, qr_scan, ads; empty: the source


@dataclass(frozen=True)
class AssignLead:
    lead_id: str
