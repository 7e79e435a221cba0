"""Protobuf messages from the services -> the gateway's JSON shapes."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.message import Message
from salesos.leads.v1 import leads_pb2
from salesos.notifications.v1 import notifications_pb2

from gateway.schemas import (
    DecisionMakerModel,
    LeadMergeRead,
    LeadRead,
    LeadTouchRead,
    NotificationRead,
    ScoreFactorRead,
)
from gateway.timefilters import SHANGHAI


def _time(message: Message, field: str) -> datetime | None:
    if not message.HasField(field):
        return None
    return getattr(message, field).ToDatetime(tzinfo=SHANGHAI)


def lead_read(lead: leads_pb2.Lead) -> LeadRead:
    return LeadRead(
        id=lead.id, status=lead.status, owner_id=lead.owner_id or None,
        owner_username=lead.owner_username or None, assigned_at=_time(lead, "assigned_at"),
        source=lead.source, name=lead.name, company=lead.company, phone=lead.phone,
        email=lead.email, province=lead.province,
        province_source=lead.province_source or None, region_id=lead.region_id or None,
        industry=lead.industry, message=lead.message, created_at=_time(lead, "created_at"),
        assignment_reason=lead.assignment_reason,
        first_contact_due_at=_time(lead, "first_contact_due_at"),
        first_contacted_at=_time(lead, "first_contacted_at"),
        disqualified_reason=lead.disqualified_reason,
        wechat_id=lead.wechat_id, title=lead.title, event=lead.event, booth=lead.booth,
        merged_into=lead.merged_into or None,
        touches=[touch_read(t) for t in lead.touches],
        merges=[merge_read(m) for m in lead.merges],
        assignment_rule_id=lead.assignment_rule_id or None,
        company_scale=lead.company_scale or None, pain_point=lead.pain_point,
        budget_fen=lead.budget_fen if lead.HasField("budget_fen") else None,
        decision_chain=[DecisionMakerModel(name=m.name, title=m.title, role=m.role)
                        for m in lead.decision_chain],
        urgency=lead.urgency or None, tags=list(lead.tags), score=lead.score,
        score_factors=[ScoreFactorRead(factor=f.factor, points=f.points, reason_zh=f.reason_zh)
                       for f in lead.score_factors],
    )


def touch_read(touch: leads_pb2.LeadTouch) -> LeadTouchRead:
    return LeadTouchRead(id=touch.id, lead_id=touch.lead_id, source=touch.source,
                         channel=touch.channel, summary=touch.summary,
                         match_reason=touch.match_reason, touched_at=_time(touch, "touched_at"),
                         filled_fields=list(touch.filled_fields), filled=touch.filled)


def merge_read(merge: leads_pb2.LeadMerge) -> LeadMergeRead:
    return LeadMergeRead(id=merge.id, survivor_id=merge.survivor_id, merged_id=merge.merged_id,
                         merged_by=merge.merged_by, merged_at=_time(merge, "merged_at"),
                         undone_by=merge.undone_by or None, undone_at=_time(merge, "undone_at"))


def notification_read(item: notifications_pb2.InboxItem) -> NotificationRead:
    return NotificationRead(
        id=item.id, kind=item.kind, title=item.title, body=item.body, link=item.link,
        created_at=_time(item, "created_at"), read_at=_time(item, "read_at"),
        withdrawn_at=_time(item, "withdrawn_at"),
    )
