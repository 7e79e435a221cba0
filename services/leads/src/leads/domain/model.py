"""The Lead aggregate: it validates its own input and records the events it raises."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from leads.domain import events
from leads.domain.assignment import Candidate, Decision, Why
from leads.domain.commands import CreateLead, UpdateQualification
from leads.domain.company import company_key
from leads.domain.dedupe import Identity, name_key
from leads.domain.normalise import (
    InvalidField,
    clean_text,
    free_text,
    normalise_email,
    normalise_phone,
    normalise_province,
    normalise_wechat_id,
    without_controls,
)
from leads.domain.qualification import (
    DecisionMaker,
    check_budget_fen,
    clean_chain,
    clean_tags,
    parse_budget_yuan,
    parse_scale,
    parse_urgency,
)
from leads.domain.scoring import ScoreFactor, score

NEW, ASSIGNED, UNASSIGNABLE = "new", "assigned", "unassignable"
# Lifecycle ends (issue 3's qualify/disqualify/merge): nobody is handed a closed lead.
CLOSED = frozenset({"qualified", "disqualified", "merged"})

_SOURCE = re.compile(r"^[a-z0-9][a-z0-9_.:-]{0,63}$")
# Generous limits: they exist to keep junk out of the database, not to police people.
TEXT_LIMITS = {"name": 100, "company": 200, "industry": 100,
               "title": 100, "event": 200, "booth": 50}
MESSAGE_LIMIT, PAIN_POINT_LIMIT = 5000, 2000
_KEY_LIMIT = 200
CONTACT_REQUIRED = "手机号码、邮箱和微信号至少填写一项"


@dataclass
class Lead:
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
    events: list[events.Event] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def create(cls, cmd: CreateLead, *, lead_id: str, now: datetime) -> Lead:
        """A new lead from raw input; raises InvalidField on the first bad field."""
        source = cmd.source.strip()
        if not _SOURCE.match(source):
            raise InvalidField("source", "来源标识无效")
        key = cmd.idempotency_key.strip()
        if len(key) > _KEY_LIMIT:
            raise InvalidField("idempotency_key", f"幂等键长度不能超过 {_KEY_LIMIT} 个字符")
        if without_controls(key) != key:  # NUL cannot even be stored
            raise InvalidField("idempotency_key", "幂等键不能包含控制字符")
        texts = {name: clean_text(name, getattr(cmd, name), max_length=limit)
                 for name, limit in TEXT_LIMITS.items()}
        # The message is what the customer wrote: kept as typed (fingerprints fold it).
        texts["message"] = free_text("message", cmd.message, max_length=MESSAGE_LIMIT,
                                     multiline=True)
        phone = normalise_phone(cmd.phone) if cmd.phone.strip() else ""
        email = normalise_email(cmd.email) if cmd.email.strip() else ""
        wechat_id = normalise_wechat_id(cmd.wechat_id) if cmd.wechat_id.strip() else ""
        if not phone and not email and not wechat_id:
            raise InvalidField("phone", CONTACT_REQUIRED)
        province = normalise_province(cmd.province)
        lead = cls(id=lead_id, source=source, created_at=now, idempotency_key=key or None,
                   phone=phone, email=email, province=province, wechat_id=wechat_id,
                   company_key=company_key(texts["company"]),
                   contact_key=name_key(texts["name"]), **texts)
        lead.rescore()
        lead.events.append(events.LeadCreated(
            lead_id=lead.id, source=source, name=lead.name, company=lead.company,
            phone=phone, email=email, province=province, region_id="", industry=lead.industry,
        ))
        return lead

    def rescore(self) -> None:
        self.score, self.score_factors = score(
            source=self.source, budget_fen=self.budget_fen, urgency=self.urgency,
            company_scale=self.company_scale, decision_chain=self.decision_chain,
            pain_point=self.pain_point, industry=self.industry, phone=self.phone,
            email=self.email)

    def update_qualification(self, cmd: UpdateQualification) -> None:
        """Validates every given field first (InvalidField), then applies them all."""
        if cmd.budget_fen is not None and cmd.budget_yuan is not None:
            raise InvalidField("budget_yuan", "budget_fen 和 budget_yuan 只能填写一个")
        changes: dict[str, object] = {}
        if cmd.industry is not None:
            changes["industry"] = clean_text("industry", cmd.industry, max_length=100)
        if cmd.company_scale is not None:
            changes["company_scale"] = parse_scale(cmd.company_scale)
        if cmd.pain_point is not None:
            changes["pain_point"] = free_text("pain_point", cmd.pain_point,
                                              max_length=PAIN_POINT_LIMIT, multiline=True)
        if cmd.budget_fen is not None:
            changes["budget_fen"] = check_budget_fen(cmd.budget_fen)
        elif cmd.budget_yuan is not None:
            changes["budget_fen"] = parse_budget_yuan(cmd.budget_yuan)
        elif cmd.clear_budget:
            changes["budget_fen"] = None
        if cmd.decision_chain is not None:
            changes["decision_chain"] = clean_chain(cmd.decision_chain)
        if cmd.urgency is not None:
            changes["urgency"] = parse_urgency(cmd.urgency)
        if cmd.tags is not None:
            changes["tags"] = clean_tags(cmd.tags)
        for name, value in changes.items():
            setattr(self, name, value)
        self.rescore()

    @property
    def identity(self) -> Identity:
        return Identity(phone=self.phone, email=self.email, wechat_id=self.wechat_id,
                        company_key=self.company_key, name=self.name)

    @property
    def awaiting_assignment(self) -> bool:
        return self.status == NEW

    def assign(self, decision: Decision, *, region_id: str, now: datetime) -> None:
        """Applies an assignment decision once; a settled lead is left as it is."""
        if not self.awaiting_assignment:
            return
        self.region_id = region_id
        self.assignment_reason = decision.reason
        self.assignment_rule_id = decision.rule_id
        if decision.owner is None:
            self.status = UNASSIGNABLE
            self.events.append(events.LeadUnassignable(
                lead_id=self.id, region_id=region_id, reason=decision.reason,
                company=self.company, name=self.name, source=self.source,
                reasons=decision.whys))
            return
        self.status = ASSIGNED
        self.owner_id = decision.owner.user_id
        self.owner_username = decision.owner.username
        self.assigned_at = now
        self.events.append(self._assigned_event(now, decision.whys))

    def reassign(self, owner: Candidate, *, by: Candidate, reason: str, now: datetime,
                 qualified_too: bool = False) -> None:
        """A manager hands the lead to another rep; the new owner is told like any owner.
        `qualified_too`: a leaver's qualified lead follows its deal to the successor."""
        if self.status in CLOSED and not (qualified_too and self.status == "qualified"):
            raise InvalidField("lead_id", "线索已关闭，不能改派")
        if owner.user_id == self.owner_id:
            raise InvalidField("owner_id", "该销售已是线索负责人")
        previous = self.owner_id
        if self.status in (NEW, UNASSIGNABLE):
            self.status = ASSIGNED
        self.owner_id, self.owner_username, self.assigned_at = (
            owner.user_id, owner.username, now)
        self.assignment_reason = f"{by.shown} 改派：{reason}"
        self.assignment_rule_id = ""
        self.events.append(events.LeadReassigned(
            lead_id=self.id, from_owner_id=previous, to_owner_id=owner.user_id,
            by_user_id=by.user_id, reason=reason, reassigned_at=now))
        self.events.append(self._assigned_event(
            now, (Why("reassigned", (("by", by.shown), ("note", reason))),)))

    def reject(self, *, by_user_id: str, reason: str, now: datetime) -> None:
        """The owner gives the lead back; it awaits the next rep (see `assign`)."""
        if self.status != ASSIGNED or self.owner_id != by_user_id:
            raise InvalidField("lead_id", "只有负责人可以退回已分配的线索")
        self.events.append(events.LeadRejected(
            lead_id=self.id, rejected_by=by_user_id, reason=reason, rejected_at=now))
        self.status, self.owner_id, self.owner_username, self.assigned_at = NEW, "", "", None

    def _assigned_event(self, now: datetime, whys: tuple[Why, ...]) -> events.LeadAssigned:
        return events.LeadAssigned(
            lead_id=self.id, owner_id=self.owner_id, owner_username=self.owner_username,
            region_id=self.region_id, company=self.company, name=self.name,
            assigned_at=now, reason=self.assignment_reason, reasons=whys)
