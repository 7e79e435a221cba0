"""An Idempotency-Key answers a retry of the same request, never another request.

A write that takes a key keeps `fingerprint(...)` of what it was asked beside the key;
the key arriving again is compared with `check_same_request`: the same request gets the
first answer, another request under a used key is refused naming `Idempotency-Key`
(answering it with the first result lost it without a word). Pure; no I/O.

Each write chooses WHICH values make its request (after its own normalisation: a phone
in E.164, a trimmed name), so a retry written differently is still the same request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime

from servicekit.errors import FieldError
from servicekit.invalid import InvalidField

FIELD = "Idempotency-Key"
KEY_REUSED = "该幂等键已用于内容不同的另一次提交；新的请求请使用新的 Idempotency-Key"


class KeyReused(FieldError, InvalidField):
    """Bad input on `Idempotency-Key`: both kinds, so pure code that collects InvalidField
    (a batch answering item by item) and servicers (FieldError → 422 naming the field)
    take it as they take any other bad field, wherever the check runs."""

    def __init__(self) -> None:
        Exception.__init__(self, KEY_REUSED)
        self.field, self.message = FIELD, KEY_REUSED


def fingerprint(*parts: object) -> str:
    """SHA-256 (hex) of the parts in order. None counts as "", text is trimmed, lists and
    tuples keep their order, mappings are taken by sorted key, an aware time by its
    instant."""
    text = json.dumps([_normal(p) for p in parts], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def check_same_request(*, stored: str | None, arriving: str | None) -> None:
    """Raises KeyReused when the key's first request was another one. A row from before
    fingerprints (None or "") answers unchecked, as it did."""
    if stored and arriving and stored != arriving:
        raise KeyReused


def _normal(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list | tuple):
        return [_normal(v) for v in value]
    if isinstance(value, Mapping):
        return [[str(k), _normal(v)] for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()  # one instant, whatever zone it came in
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)  # numbers and booleans as Python writes them: 12, 1.5, True
