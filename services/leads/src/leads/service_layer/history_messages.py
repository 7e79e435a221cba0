"""The intake/dedupe parts of a Lead message: QR/ad fields, touches and merges."""

from __future__ import annotations

from salesos.leads.v1 import leads_pb2

from leads.domain.gap_fill import filled_line
from leads.domain.history import Merge, Touch
from leads.domain.model import Lead
from leads.service_layer.merging import History


def touch_to_proto(touch: Touch) -> leads_pb2.LeadTouch:
    message = leads_pb2.LeadTouch(
        id=touch.id, lead_id=touch.lead_id, source=touch.source, channel=touch.channel,
        summary=touch.summary, match_reason=touch.match_reason,
        filled_fields=touch.filled, filled=filled_line(touch.filled))
    message.touched_at.FromDatetime(touch.touched_at)
    return message


def merge_to_proto(merge: Merge) -> leads_pb2.LeadMerge:
    message = leads_pb2.LeadMerge(id=merge.id, survivor_id=merge.survivor_id,
                                  merged_id=merge.merged_id, merged_by=merge.merged_by,
                                  undone_by=merge.undone_by)
    message.merged_at.FromDatetime(merge.merged_at)
    if merge.undone_at is not None:
        message.undone_at.FromDatetime(merge.undone_at)
    return message


def add_history(message: leads_pb2.Lead, lead: Lead, history: History) -> leads_pb2.Lead:
    message.merged_into, message.company_key = lead.merged_into, lead.company_key
    message.touches.extend(touch_to_proto(t) for t in history.touches)
    message.merges.extend(merge_to_proto(m) for m in history.merges)
    return message
