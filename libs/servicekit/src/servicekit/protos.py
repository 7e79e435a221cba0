"""Small conversions every service needs between Python values and protobuf fields."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp


def timestamp(moment: datetime | None) -> Timestamp | None:
    """A protobuf Timestamp (None stays None, leaving the field unset)."""
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def moment(message: Message, field: str, tz: tzinfo = UTC) -> datetime | None:
    """`message.field` as an aware datetime in `tz`, or None when the field is unset."""
    if not message.HasField(field):
        return None
    return getattr(message, field).ToDatetime(tzinfo=tz)
