"""A person's delivery preferences: where they can be reached, which kinds go where,
and when they do not want to be disturbed. Pure; no I/O.

Configuring an address is opting in: a kind the person has not chosen channels for goes
to the in-app inbox and to every channel they gave an address for. The inbox cannot be
switched off for events addressed to people, so nothing is ever only pushed and lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import phonenumbers
from servicekit.sealing import PREFIX as SEALED

from notifications.domain.notices import SHANGHAI
from notifications.domain.templates import LANGUAGES, TEMPLATES

INBOX = "inbox"
EXTERNAL = ("email", "sms", "wecom", "dingtalk", "feishu")
CHANNELS = (INBOX, *EXTERNAL)
# The robots' official hosts; outside demo mode a webhook must point at one of them, so a
# preference cannot make the service call into the internal network.
ROBOT_HOSTS = {"wecom": "qyapi.weixin.qq.com", "dingtalk": "oapi.dingtalk.com",
               "feishu": "open.feishu.cn"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class InvalidPreference(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field_name, message


@dataclass(frozen=True)
class Preferences:
    user_id: str
    language: str = "zh-CN"
    email: str = ""
    phone: str = ""
    wecom_webhook: str = ""
    dingtalk_webhook: str = ""
    dingtalk_secret: str = ""
    feishu_webhook: str = ""
    feishu_secret: str = ""
    quiet_start: str = ""
    quiet_end: str = ""
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def target(self, channel: str) -> dict[str, str] | None:
        """Where `channel` reaches this person, or None when they gave no address."""
        found = {"email": {"to": self.email}, "sms": {"to": self.phone},
                 "wecom": {"url": self.wecom_webhook},
                 "dingtalk": {"url": self.dingtalk_webhook, "secret": self.dingtalk_secret},
                 "feishu": {"url": self.feishu_webhook, "secret": self.feishu_secret}}[channel]
        return found if next(iter(found.values())) else None

    def channels_for(self, kind: str) -> tuple[str, ...]:
        """External channels `kind` goes to (the inbox is always on)."""
        if not (self.email or self.phone or self.wecom_webhook or self.dingtalk_webhook
                or self.feishu_webhook):
            return ()  # most people, for every event: no need to build each target
        chosen = self.choices.get(kind)
        wanted = EXTERNAL if chosen is None else tuple(c for c in chosen if c in EXTERNAL)
        return tuple(c for c in wanted if self.target(c) is not None)

    def quiet_until(self, now: datetime) -> datetime | None:
        """The end of the quiet window `now` falls in (Asia/Shanghai), else None."""
        if not (self.quiet_start and self.quiet_end) or self.quiet_start == self.quiet_end:
            return None
        local = now.astimezone(SHANGHAI)
        start, end = _clock(self.quiet_start), _clock(self.quiet_end)
        for day in (local.date() - timedelta(days=1), local.date()):
            opens = datetime.combine(day, start, SHANGHAI)
            closes = datetime.combine(day + timedelta(days=1 if end <= start else 0), end,
                                      SHANGHAI)
            if opens <= local < closes:
                return closes
        return None


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def validate(prefs: Preferences, *, any_webhook_host: bool = False) -> Preferences:
    """`prefs` when every field is usable; InvalidPreference names the first bad one."""
    if prefs.language not in LANGUAGES:
        raise InvalidPreference("language", f"语言只能是 {'、'.join(LANGUAGES)}")
    if prefs.email and not _EMAIL.match(prefs.email):
        raise InvalidPreference("email", "邮箱地址格式不正确")
    if prefs.phone:
        prefs = replace(prefs, phone=mainland_mobile(prefs.phone))
    for name in ("quiet_start", "quiet_end"):
        value = getattr(prefs, name)
        if value and not _CLOCK.match(value):
            raise InvalidPreference(name, "时间格式须为 HH:MM")
    if bool(prefs.quiet_start) != bool(prefs.quiet_end):
        raise InvalidPreference("quiet_end", "免打扰需同时设置开始和结束时间")
    for channel, host in ROBOT_HOSTS.items():
        _check_webhook(f"{channel}_webhook", getattr(prefs, f"{channel}_webhook"), host,
                       any_webhook_host)
    for name in ("dingtalk_secret", "feishu_secret"):
        if getattr(prefs, name).startswith(SEALED):  # it would be read back as sealed
            raise InvalidPreference(name, f"签名密钥不能以 {SEALED} 开头")
    for kind, channels in prefs.choices.items():
        if kind not in TEMPLATES:
            raise InvalidPreference(f"choices.{kind}", f"未知的通知类型：{kind}")
        unknown = [c for c in channels if c not in CHANNELS]
        if unknown:
            raise InvalidPreference(f"choices.{kind}", f"未知的通知渠道：{'、'.join(unknown)}")
    return prefs


def mainland_mobile(text: str) -> str:
    """A mainland mobile number as E.164 (+8613812345678), from how people type it."""
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as error:
        raise InvalidPreference("phone", "手机号格式不正确") from error
    if number.country_code != 86 or phonenumbers.number_type(number) not in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise InvalidPreference("phone", "须为中国大陆手机号，如 13812345678")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _check_webhook(name: str, url: str, host: str, any_host: bool) -> None:
    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidPreference(name, "须为 http(s) 地址")
    if not any_host and (parts.scheme != "https" or parts.hostname != host):
        raise InvalidPreference(name, f"须为 https://{host}/ 下的机器人地址")
