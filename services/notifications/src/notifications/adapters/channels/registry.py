"""The channels of one process, built from its settings."""

from __future__ import annotations

import logging

import httpx

from notifications.adapters.channels.base import Channel
from notifications.adapters.channels.dingtalk import DingTalkRobot
from notifications.adapters.channels.email import SmtpEmail
from notifications.adapters.channels.feishu import FeishuRobot
from notifications.adapters.channels.sms import HttpSms, LogSms
from notifications.adapters.channels.wecom import WeComRobot
from notifications.settings import NotifySettings


def build_channels(settings: NotifySettings) -> dict[str, Channel]:
    # httpx logs every request's URL at INFO; robot URLs carry their key or access_token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # One pooled client for every webhook; its timeout bounds how long an endpoint that
    # hangs can hold a delivery row.
    client = httpx.AsyncClient(timeout=settings.webhook_timeout_seconds)
    sms: Channel = LogSms() if settings.sms_provider == "log" else HttpSms(
        httpx.AsyncClient(timeout=settings.webhook_timeout_seconds), settings.sms_url,
        settings.sms_token.get_secret_value())
    channels: list[Channel] = [SmtpEmail(settings), sms, WeComRobot(client),
                               DingTalkRobot(client), FeishuRobot(client)]
    return {channel.name: channel for channel in channels}
