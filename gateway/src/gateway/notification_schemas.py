"""REST shapes of notification preferences, unread counts and the dead-letter list."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from gateway.timefilters import ClockTime

Channel = str  # inbox, email, sms, wecom, dingtalk, feishu


class UnreadCount(BaseModel):
    unread: int


class MarkedRead(BaseModel):
    marked: int


class NotificationPreferences(BaseModel):
    """Where you can be reached and what goes where. A kind missing from `channels` goes
    to the inbox and every channel you gave an address for; urgent kinds ignore quiet
    hours, the rest wait for one digest at the end of them (Asia/Shanghai). Robot webhooks
    and secrets are answered masked (host and last four characters); sending a masked
    value back unchanged keeps the stored one."""

    model_config = ConfigDict(extra="forbid")
    language: str = Field("zh-CN", description="zh-CN or en")
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=20, description="mainland mobile, stored as E.164")
    wecom_webhook: str = Field("", max_length=500, description="企业微信群机器人 webhook")
    dingtalk_webhook: str = Field("", max_length=500, description="钉钉机器人 webhook")
    dingtalk_secret: str = Field("", max_length=200, description="钉钉加签密钥 (SEC...)")
    feishu_webhook: str = Field("", max_length=500, description="飞书自定义机器人 webhook")
    feishu_secret: str = Field("", max_length=200, description="飞书签名校验密钥")
    quiet_start: ClockTime = Field("", max_length=5, description="HH:MM, e.g. 22:00")
    quiet_end: ClockTime = Field("", max_length=5, description="HH:MM, e.g. 08:00")
    channels: dict[str, list[Channel]] = Field(
        default_factory=dict, description="kind -> channels, e.g. {\"quote_issued\": [\"email\"]}")


class FailedDelivery(BaseModel):
    id: str
    event_id: str
    recipient: str
    recipient_name: str | None = Field(None, description="the person's name when the "
                                       "recipient is a user (null: a customer's address)")
    channel: str
    kind: str
    title: str
    state: str
    attempts: int
    last_error: str
    created_at: datetime | None
    updated_at: datetime | None


class FailedDeliveryPage(BaseModel):
    items: list[FailedDelivery]
    next_cursor: str | None
