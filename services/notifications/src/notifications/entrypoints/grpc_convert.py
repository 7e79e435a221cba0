"""Domain and rows to protobuf messages and back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp
from salesos.notifications.v1 import notifications_pb2 as pb

from notifications.domain.model import InboxItem
from notifications.domain.preferences import Preferences

_PREF_FIELDS = ("language", "email", "phone", "wecom_webhook", "dingtalk_webhook",
                "dingtalk_secret", "feishu_webhook", "feishu_secret", "quiet_start",
                "quiet_end")


def timestamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def item_message(item: InboxItem) -> pb.InboxItem:
    message = pb.InboxItem(
        id=item.id, user_id=item.user_id, kind=item.kind, title=item.title, body=item.body,
        link=item.link, event_id=item.event_id, created_at=timestamp(item.created_at),
        version=item.version)
    if item.read_at is not None:
        message.read_at.CopyFrom(timestamp(item.read_at))
    if item.withdrawn_at is not None:
        message.withdrawn_at.CopyFrom(timestamp(item.withdrawn_at))
    return message


def prefs_message(prefs: Preferences, *, version: int) -> pb.Preferences:
    return pb.Preferences(
        **{name: getattr(prefs, name) for name in _PREF_FIELDS}, version=version,
        choices=[pb.ChannelChoice(kind=kind, channels=list(channels))
                 for kind, channels in sorted(prefs.choices.items())])


def prefs_from(message: pb.Preferences, *, user_id: str) -> Preferences:
    values = {name: getattr(message, name).strip() for name in _PREF_FIELDS}
    values["language"] = values["language"] or "zh-CN"
    return Preferences(user_id=user_id, **values,
                       choices={c.kind: tuple(c.channels) for c in message.choices})


def delivery_message(row: Any) -> pb.Delivery:
    return pb.Delivery(
        id=str(row["id"]), event_id=row["event_id"], recipient=row["recipient"],
        channel=row["channel"], kind=row["kind"], title=row["title"], state=row["state"],
        attempts=row["attempts"], last_error=row["last_error"],
        created_at=timestamp(row["created_at"]), updated_at=timestamp(row["updated_at"]))
