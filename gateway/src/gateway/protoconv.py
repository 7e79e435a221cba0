"""Protobuf messages from the services -> the gateway's JSON shapes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from google.protobuf.message import Message
from salesos.leads.v1 import leads_pb2
from salesos.notifications.v1 import notifications_pb2

from gateway.schemas import LeadRead, NotificationRead

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _time(message: Message, field: str) -> datetime | None:
    if not message.HasField(field):
        return None
    return getattr(message, field).ToDatetime(tzinfo=SHANGHAI)


def lead_read(lead: leads_pb2.Lead) -> LeadRead:
    return LeadRead(
        id=lead.id, status=lead.status, owner_id=lead.owner_id or None,
        owner_username=lead.owner_username or None, assigned_at=_time(lead, "assigned_at"),
        source=lead.source, name=lead.name, company=lead.company, phone=lead.phone,
        email=lead.email, province=lead.province, region_id=lead.region_id or None,
        industry=lead.industry, message=lead.message, created_at=_time(lead, "created_at"),
        assignment_reason=lead.assignment_reason,
        assignment_rule_id=lead.assignment_rule_id or None,
    )


def notification_read(item: notifications_pb2.InboxItem) -> NotificationRead:
    return NotificationRead(
        id=item.id, kind=item.kind, title=item.title, body=item.body, link=item.link,
        created_at=_time(item, "created_at"), read_at=_time(item, "read_at"),
    )
