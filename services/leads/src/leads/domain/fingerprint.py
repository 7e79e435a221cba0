"""What was sent with an idempotency key, so the key reused for something else is told
apart from a retry. Pure; no I/O.

A retry carries the same customer: the fingerprint is taken over the normalised fields,
so a retry that writes the phone as "+86 138…" instead of "138…" is still the same
request, while another name, number or message is not."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from leads.domain.normalise import InvalidField

if TYPE_CHECKING:
    from leads.domain.model import Lead

_FIELDS = ("name", "company", "phone", "email", "wechat_id", "title", "province", "industry",
           "message", "event", "booth")
KEY_REUSED = "该幂等键已用于内容不同的另一次提交；新的线索请使用新的 Idempotency-Key"


def fingerprint(lead: Lead, channel: str) -> str | None:
    """The fingerprint of a keyed arrival; None without a key (nothing to compare)."""
    if lead.idempotency_key is None:
        return None
    values = [channel, *(getattr(lead, name) or "" for name in _FIELDS)]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()[:32]


def check_same_request(*, stored: str | None, arriving: str | None) -> None:
    """The key's first request and this one must be the same (rows from before the
    fingerprint have none: they answer as before)."""
    if stored and arriving and stored != arriving:
        raise InvalidField("Idempotency-Key", KEY_REUSED)
