"""Who holds a lead: the rules' or a rep's assignment, a manager's reassign, the owner's
rejection. Mixed into the Lead aggregate (model.py), whose fields these methods read and
set; each records the events it raises on the lead. Pure, no I/O."""

from __future__ import annotations

from datetime import datetime

from leads.domain import events
from leads.domain.assignment import Candidate, Decision, Why, province_inferred
from leads.domain.normalise import InvalidField

NEW, ASSIGNED, UNASSIGNABLE = "new", "assigned", "unassignable"
# Lifecycle ends (issue 3's qualify/disqualify/merge): nobody is handed a closed lead.
CLOSED = frozenset({"qualified", "disqualified", "merged"})


class Ownership:
    # The Lead's fields these methods use (declared for type checkers; Lead holds them).
    id: str
    source: str
    name: str
    company: str
    status: str
    region_id: str
    owner_id: str
    owner_username: str
    assigned_at: datetime | None
    assignment_reason: str
    assignment_rule_id: str
    province_source: str
    events: list[events.Event]

    @property
    def awaiting_assignment(self) -> bool:
        return self.status == NEW

    def assign(self, decision: Decision, *, region_id: str, now: datetime) -> None:
        """Applies an assignment decision once; a settled lead is left as it is."""
        if not self.awaiting_assignment:
            return
        self.region_id = region_id
        decision = province_inferred(decision, self.province_source)
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
