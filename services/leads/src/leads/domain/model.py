"""The Lead aggregate: it validates its own input and records the events it raises.

Split by responsibility: its fields here; how raw input becomes those fields in
lead_input.py; who holds it (assign, reassign, reject) in ownership.py, mixed in; contact,
qualification and the first-contact clock in lifecycle.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from leads.domain import events, gap_fill
from leads.domain.commands import CreateLead, UpdateQualification
from leads.domain.dedupe import Identity
from leads.domain.lead_input import created_fields, qualification_changes
from leads.domain.ownership import ASSIGNED, CLOSED, NEW, UNASSIGNABLE, Ownership
from leads.domain.province_guess import GIVEN, INFERRED
from leads.domain.qualification import DecisionMaker
from leads.domain.scoring import ScoreFactor, score

# The statuses are imported from here all over the service.
__all__ = ["ASSIGNED", "CLOSED", "NEW", "UNASSIGNABLE", "Lead"]


@dataclass
class Lead(Ownership):
    id: str
    source: str
    created_at: datetime
    idempotency_key: str | None = None
    name: str = ""
    company: str = ""
    phone: str = ""  # E.164
    email: str = ""  # lower-cased
    province: str = ""  # short name, e.g. 江苏
    industry: str = ""
    message: str = ""
    status: str = NEW
    region_id: str = ""
    owner_id: str = ""
    owner_username: str = ""
    assigned_at: datetime | None = None
    assignment_reason: str = ""
    # First-contact clock and lifecycle (domain/lifecycle.py holds their rules).
    first_contact_due_at: datetime | None = None
    first_contacted_at: datetime | None = None
    disqualified_reason: str = ""
    wechat_id: str = ""  # lower-cased
    title: str = ""
    event: str = ""
    booth: str = ""
    company_key: str = ""  # see domain/company.py
    contact_key: str = ""  # the contact name without spaces, case-folded
    merged_into: str = ""  # id of the lead this one was merged into by hand
    assignment_rule_id: str = ""  # the rule that picked the owner; empty: region default/manual
    # Qualified fields (domain/qualification.py) and the score derived from them.
    company_scale: str = ""
    pain_point: str = ""
    budget_fen: int | None = None
    decision_chain: list[DecisionMaker] = field(default_factory=list)
    urgency: str = ""
    tags: list[str] = field(default_factory=list)
    score: int = 0
    score_factors: list[ScoreFactor] = field(default_factory=list)
    province_source: str = ""  # given, mobile, company (domain/province_guess.py)
    source_kind: str = ""  # web_form, trade_show, ads, other (scoring.py); "": by its name
    # Not stored on the lead: what intake noticed about the input (an unreadable province,
    # a phone's extension), written into the first touch's line (service_layer/intake.py).
    intake_notes: tuple[str, ...] = field(default=(), compare=False)
    events: list[events.Event] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def create(cls, cmd: CreateLead, *, lead_id: str, now: datetime) -> Lead:
        """A new lead from raw input; raises InvalidField on the first bad field."""
        lead = cls(id=lead_id, created_at=now, **created_fields(cmd))
        lead.rescore()
        lead.events.append(events.LeadCreated(
            lead_id=lead.id, source=lead.source, name=lead.name, company=lead.company,
            phone=lead.phone, email=lead.email, province=lead.province, region_id="",
            industry=lead.industry,
        ))
        return lead

    def rescore(self) -> None:
        self.score, self.score_factors = score(
            source=self.source, budget_fen=self.budget_fen, urgency=self.urgency,
            company_scale=self.company_scale, decision_chain=self.decision_chain,
            pain_point=self.pain_point, industry=self.industry, phone=self.phone,
            email=self.email, source_kind=self.source_kind)

    def update_qualification(self, cmd: UpdateQualification) -> None:
        """Validates every given field first (InvalidField), then applies them all."""
        changes = qualification_changes(cmd)
        for name, value in changes.items():
            setattr(self, name, value)
        if "province" in changes:  # someone asked the customer: no longer a guess
            self.province_source = GIVEN
        self.rescore()

    def fill_gaps(self, arrival: Any) -> tuple[str, ...]:  # a Lead, or an import's LeadView
        """A returning customer's details onto this lead (domain/gap_fill.py: enrich, never
        overwrite); rescored when anything was filled. The names of the fields filled."""
        changes = gap_fill.gaps(self, arrival)
        tags = gap_fill.added_tags(self.tags, arrival.tags)
        for name, value in changes.items():
            setattr(self, name, value)
        if "province" in changes:  # the arrival's province comes with where it came from
            self.province_source = getattr(arrival, "province_source", "") or GIVEN
        if tags:
            self.tags = [*self.tags, *tags]
        filled = (*changes, *((gap_fill.TAGS,) if tags else ()))
        if filled:
            self.rescore()
        return filled

    @property
    def province_origin(self) -> str:
        """Where the province came from; a province stored before inference was given."""
        return self.province_source or (GIVEN if self.province else "")

    @property
    def given_province(self) -> str:
        """The province as the customer gave it: what keys and fingerprints are taken over,
        so an inferred one does not re-key a request (or an import row) made before."""
        return "" if self.province_source in INFERRED else self.province

    @property
    def identity(self) -> Identity:
        return Identity(phone=self.phone, email=self.email, wechat_id=self.wechat_id,
                        company_key=self.company_key, name=self.name)
