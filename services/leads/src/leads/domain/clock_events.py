"""Events of the first-contact clock and the lead lifecycle, as plain values.

Recipients travel in the events (owner, managers), so the notifications service can
address them without asking the org directory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ContactLogged:
    lead_id: str
    owner_id: str
    channel: str
    outcome: str
    contacted_at: datetime
    first: bool  # the first contact: it stopped the clock
    source: str = ""  # the lead's


@dataclass(frozen=True)
class FirstContactReminder:
    lead_id: str
    owner_id: str
    owner_username: str
    company: str
    name: str
    percent: int  # 50 or 90 of the allowance used
    due_at: datetime  # when the clock runs out


@dataclass(frozen=True)
class FirstContactOverdue:
    lead_id: str
    owner_id: str
    owner_username: str
    region_id: str
    company: str
    name: str
    due_at: datetime
    manager_ids: tuple[str, ...]
    reassigned_to_id: str = ""
    reassigned_to_username: str = ""
    import_id: str = ""  # an import placed the lead: its managers hear of it per import


@dataclass(frozen=True)
class LeadQualified:
    lead_id: str
    owner_id: str
    owner_username: str
    region_id: str
    source: str
    company: str
    name: str
    phone: str
    email: str
    province: str
    industry: str
    urgency: str
    qualified_at: datetime
    qualification: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LeadDisqualified:
    lead_id: str
    owner_id: str
    region_id: str
    reason: str
    by_user_id: str
    disqualified_at: datetime


ClockEvent = (ContactLogged | FirstContactReminder | FirstContactOverdue | LeadQualified
              | LeadDisqualified)
