"""What happened to a lead, as plain values; the service layer turns them into protobuf."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leads.domain.assignment import Why


@dataclass(frozen=True)
class LeadCreated:
    lead_id: str
    source: str
    name: str
    company: str
    phone: str
    email: str
    province: str
    region_id: str
    industry: str


@dataclass(frozen=True)
class LeadAssigned:
    lead_id: str
    owner_id: str
    owner_username: str
    region_id: str
    company: str
    name: str
    assigned_at: datetime
    reason: str
    import_id: str = ""  # an import's lead: told in the import's summary, not on its own
    handover_id: str = ""  # a leaver's handover: told in leads.handed_over, not on its own
    reasons: tuple[Why, ...] = ()  # `reason` as codes, for readers of other languages


@dataclass(frozen=True)
class LeadUnassignable:
    lead_id: str
    region_id: str
    reason: str
    company: str = ""
    name: str = ""
    source: str = ""
    reasons: tuple[Why, ...] = ()  # `reason` as codes, for readers of other languages
    import_id: str = ""  # an import's lead: its managers are told in one summary per import
    import_file_name: str = ""


@dataclass(frozen=True)
class LeadReassigned:
    lead_id: str
    from_owner_id: str
    to_owner_id: str
    by_user_id: str
    reason: str
    reassigned_at: datetime


@dataclass(frozen=True)
class LeadRejected:
    lead_id: str
    rejected_by: str
    reason: str
    rejected_at: datetime


Event = LeadCreated | LeadAssigned | LeadUnassignable | LeadReassigned | LeadRejected
