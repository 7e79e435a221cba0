"""Robot webhooks and signing secrets are credentials: whoever holds a webhook can post
into the team's group, whoever holds the secret can sign as us. They are written, never
read back whole — the preferences a person gets back show each only as far as needed to
recognise it (the robot's host, the last four characters). Sending a shown value back
unchanged keeps the stored one, so "read, change the e-mail, save" loses nothing; a value
that is masked but is not the stored one's mask is refused rather than saved broken.
Pure; no I/O.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from notifications.domain.preferences import InvalidPreference, Preferences

MASK = "****"
FIELDS = ("wecom_webhook", "dingtalk_webhook", "dingtalk_secret", "feishu_webhook",
          "feishu_secret")


def masked_value(value: str) -> str:
    if not value:
        return ""
    tail = value[-4:] if len(value) > 8 else ""
    if value.startswith(("http://", "https://")):
        parts = urlsplit(value)
        return f"{parts.scheme}://{parts.netloc}/{MASK}{tail}"
    return f"{MASK}{tail}"


def masked(prefs: Preferences) -> Preferences:
    """The preferences as their owner reads them back."""
    return replace(prefs, **{name: masked_value(getattr(prefs, name)) for name in FIELDS})


def kept(wanted: Preferences, stored: Preferences) -> Preferences:
    """`wanted` with each credential shown back unchanged replaced by the stored one."""
    restored = {}
    for name in FIELDS:
        value = getattr(wanted, name)
        if MASK not in value:
            continue
        if value != masked_value(getattr(stored, name)):
            raise InvalidPreference(name, "请填写完整的地址或密钥（显示的是隐藏后的值）")
        restored[name] = getattr(stored, name)
    return replace(wanted, **restored)
