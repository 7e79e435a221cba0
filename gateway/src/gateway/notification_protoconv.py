"""NotificationService messages <-> REST shapes."""

from __future__ import annotations

from datetime import datetime

from salesos.notifications.v1 import notifications_pb2 as pb
from servicekit.protos import moment

from gateway.notification_schemas import FailedDelivery, NotificationPreferences
from gateway.timefilters import SHANGHAI

_FIELDS = ("language", "email", "phone", "wecom_webhook", "dingtalk_webhook", "dingtalk_secret",
           "feishu_webhook", "feishu_secret", "quiet_start", "quiet_end")


def prefs_read(message: pb.Preferences) -> NotificationPreferences:
    return NotificationPreferences(
        **{name: getattr(message, name) for name in _FIELDS},
        channels={c.kind: list(c.channels) for c in message.choices})


def prefs_message(body: NotificationPreferences) -> pb.Preferences:
    return pb.Preferences(
        **{name: getattr(body, name) for name in _FIELDS},
        choices=[pb.ChannelChoice(kind=kind, channels=channels)
                 for kind, channels in body.channels.items()])


# Kinds whose title names what a person earned ("恭喜获得奖励：交通补贴（50.00 元）"). The
# dead-letter list is the admins', who do not see individual earnings (deps.EarningsReader):
# its title there says what failed without the amount.
EARNINGS_KINDS = {"reward_granted": "获得奖励的通知（金额仅本人、其经理、财务和总监可见）"}


def failed_title(kind: str, title: str) -> str:
    return EARNINGS_KINDS.get(kind, title)


def _time(message: pb.Delivery, name: str) -> datetime | None:
    # With the offset, as the inbox answers: a bare UTC time reads as Shanghai time.
    return moment(message, name, SHANGHAI)


def failed_read(message: pb.Delivery, names: dict[str, str] | None = None) -> FailedDelivery:
    """`names`: user id -> name (org_names.user_names), so the list names the person as
    its export does."""
    return FailedDelivery(
        id=message.id, event_id=message.event_id, recipient=message.recipient,
        recipient_name=(names or {}).get(message.recipient),
        channel=message.channel, kind=message.kind,
        title=failed_title(message.kind, message.title), state=message.state,
        attempts=message.attempts, last_error=message.last_error,
        created_at=_time(message, "created_at"), updated_at=_time(message, "updated_at"))
