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


class NotificationPreferencesPatch(BaseModel):
    """A JSON merge patch (RFC 7396) of `NotificationPreferences`: only the fields sent
    change; `null` puts a field back to its default. `channels` merges by kind: a kind sent
    replaces that kind's list, a kind sent as `null` goes back to the default routing, the
    kinds not sent are kept."""

    model_config = ConfigDict(extra="forbid")
    language: str | None = Field(None, description="zh-CN or en")
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=20)
    wecom_webhook: str | None = Field(None, max_length=500)
    dingtalk_webhook: str | None = Field(None, max_length=500)
    dingtalk_secret: str | None = Field(None, max_length=200)
    feishu_webhook: str | None = Field(None, max_length=500)
    feishu_secret: str | None = Field(None, max_length=200)
    quiet_start: ClockTime | None = Field(None, max_length=5)
    quiet_end: ClockTime | None = Field(None, max_length=5)
    channels: dict[str, list[Channel] | None] | None = None

    def applied_to(self, current: NotificationPreferences) -> NotificationPreferences:
        merged = current.model_dump()
        defaults = NotificationPreferences().model_dump()
        for name in self.model_fields_set:
            value = getattr(self, name)
            if name == "channels" and value is not None:
                kinds = {**merged["channels"], **value}
                merged["channels"] = {k: v for k, v in kinds.items() if v is not None}
            else:
                merged[name] = defaults[name] if value is None else value
        return NotificationPreferences.model_validate(merged)


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
