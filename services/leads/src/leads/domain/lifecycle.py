"""Lead lifecycle after assignment: new → assigned → contacted → qualified | disqualified.

Each step checks the lead's status and raises TransitionRefused (→ 409) for a step that
does not follow. Repeating the step a lead already took (qualify a qualified lead) changes
nothing and raises nothing, so a client retrying after a lost answer is safe.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from servicekit.workcal.hours import SHANGHAI

from leads.domain import clock_events as ev
from leads.domain import events
from leads.domain.access import SEE_ALL_ROLES
from leads.domain.assignment import Decision
from leads.domain.first_contact import urgency_level
from leads.domain.model import ASSIGNED, UNASSIGNABLE, Lead
from leads.domain.normalise import InvalidField, free_text

CONTACTED, QUALIFIED, DISQUALIFIED = "contacted", "qualified", "disqualified"
CHANNELS = ("call", "visit", "wechat", "email")
# What users call each status (the gateway's export says the same).
_STATUS_ZH = {"new": "新线索", "assigned": "已分配", "unassignable": "无法分配",
              CONTACTED: "已联系", QUALIFIED: "已转商机", DISQUALIFIED: "无效"}


def status_zh(status: str) -> str:
    return _STATUS_ZH.get(status, status)
# Qualified fields another branch adds to the lead; whichever exist travel in leads.qualified.
QUALIFIED_FIELDS = ("company_scale", "pain_point", "budget", "budget_fen", "decision_chain",
                    "urgency", "tags", "score")


class TransitionRefused(Exception):
    """The lead's status does not allow this step; `message` is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Contact:
    id: str
    lead_id: str
    rep_id: str
    channel: str
    outcome: str
    next_step: str
    next_step_at: datetime | None
    contacted_at: datetime
    idempotency_key: str | None = None


# A merged lead is out of every list; its customer is worked on the survivor. A contact,
# qualification or disqualification on it would go where nobody looks (a deal from it is
# the customer's second deal), so it takes none until the merge is undone.
MERGED_AWAY = "线索已合并到另一条线索，请在保留的线索上跟进；撤销合并后才能在这条线索上操作"


def refuse_if_merged(lead: Lead) -> None:
    if lead.merged_into:
        raise TransitionRefused(MERGED_AWAY)


def is_owner(lead: Lead, user_id: str) -> bool:
    return bool(lead.owner_id) and lead.owner_id == user_id


def may_decide(lead: Lead, *, role: str, user_id: str, region_ids: Collection[str],
               people: Collection[str] = ()) -> bool:
    """Qualify or disqualify: the owner, the region's manager or the owner's (`people`:
    domain/access.py), a director or an admin."""
    if role in SEE_ALL_ROLES - {"service"}:
        return True
    if role == "manager":
        return ((bool(lead.region_id) and lead.region_id in region_ids)
                or (bool(lead.owner_id) and lead.owner_id in people))
    return is_owner(lead, user_id)


def log_contact(lead: Lead, contact: Contact) -> ev.ContactLogged:
    """Records a contact by the owner; the first one moves the lead to `contacted`."""
    if contact.channel not in CHANNELS:
        raise InvalidField("channel", "联系方式必须是 call、visit、wechat 或 email")
    if not contact.outcome:
        raise InvalidField("outcome", "请填写联系结果")
    _check_next_step_day(contact)
    refuse_if_merged(lead)
    if lead.status not in (ASSIGNED, CONTACTED, QUALIFIED):
        raise TransitionRefused(f"线索当前状态为「{status_zh(lead.status)}」，不能登记联系")
    first = lead.status == ASSIGNED
    if first:
        lead.status = CONTACTED
        lead.first_contacted_at = contact.contacted_at
    return ev.ContactLogged(lead_id=lead.id, owner_id=lead.owner_id, channel=contact.channel,
                            outcome=contact.outcome, contacted_at=contact.contacted_at,
                            first=first, source=lead.source)


def _check_next_step_day(contact: Contact) -> None:
    """A next step is planned from the contact on: any time of its own (Shanghai) day or
    later; a date before it (1999, a mistyped year) is a mistake, not a plan."""
    if contact.next_step_at is None:
        return
    day = contact.contacted_at.astimezone(SHANGHAI).date()
    if contact.next_step_at.astimezone(SHANGHAI).date() < day:
        raise InvalidField("next_step_at",
                           f"下一步时间不能早于本次联系的日期（{day.isoformat()}）")


def clean_contact_text(outcome: str, next_step: str) -> tuple[str, str]:
    return (free_text("outcome", outcome, max_length=2000, multiline=True),
            free_text("next_step", next_step, max_length=2000, multiline=True))


def qualify(lead: Lead, *, now: datetime) -> list[ev.LeadQualified]:
    if lead.status == QUALIFIED:
        return []
    refuse_if_merged(lead)
    if lead.status != CONTACTED:
        raise TransitionRefused("只有已联系的线索才能确认为有效线索")
    lead.status = QUALIFIED
    present = {name: str(getattr(lead, name)) for name in QUALIFIED_FIELDS
               if getattr(lead, name, None) not in (None, "", [], ())}
    return [ev.LeadQualified(
        lead_id=lead.id, owner_id=lead.owner_id, owner_username=lead.owner_username,
        region_id=lead.region_id, source=lead.source, company=lead.company, name=lead.name,
        phone=lead.phone, email=lead.email, province=lead.province, industry=lead.industry,
        urgency=urgency_level(getattr(lead, "urgency", None)), qualified_at=now,
        qualification=present)]


def disqualify(lead: Lead, reason: str, *, by_user_id: str,
               now: datetime) -> list[ev.LeadDisqualified]:
    text = free_text("reason", reason, max_length=500)
    if not text:
        raise InvalidField("reason", "请填写无效原因")
    if lead.status == DISQUALIFIED:
        return []
    refuse_if_merged(lead)
    if lead.status not in (ASSIGNED, CONTACTED, UNASSIGNABLE):
        raise TransitionRefused(f"线索当前状态为「{status_zh(lead.status)}」，不能标记为无效")
    lead.status, lead.disqualified_reason = DISQUALIFIED, text
    return [ev.LeadDisqualified(lead_id=lead.id, owner_id=lead.owner_id,
                                region_id=lead.region_id, reason=text, by_user_id=by_user_id,
                                disqualified_at=now)]


def reassign(lead: Lead, decision: Decision, *, now: datetime) -> bool:
    """Gives a still-uncontacted lead to the decided rep (raising leads.assigned, which
    restarts the clock for them); False when it stays where it is."""
    if lead.status != ASSIGNED or decision.owner is None \
            or decision.owner.user_id == lead.owner_id:
        return False
    lead.owner_id, lead.owner_username = decision.owner.user_id, decision.owner.username
    lead.assigned_at, lead.assignment_reason = now, decision.reason
    lead.events.append(events.LeadAssigned(
        lead_id=lead.id, owner_id=lead.owner_id, owner_username=lead.owner_username,
        region_id=lead.region_id, company=lead.company, name=lead.name, assigned_at=now,
        reason=decision.reason, reasons=decision.whys))
    return True
