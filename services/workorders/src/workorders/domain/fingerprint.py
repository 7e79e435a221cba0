"""What a keyed request asked for, as one short string. Pure.

An Idempotency-Key answers a retry of the same request; the same key with other content
is another request that must not be answered with the first one's result. Fields are
taken after normalisation, so a retry written the same way matches.
"""

from __future__ import annotations

import hashlib
import json

KEY_REUSED = "该幂等键已用于内容不同的另一次提交；新的请求请使用新的 Idempotency-Key"


def fingerprint(*parts: object) -> str:
    text = json.dumps([str(p) for p in parts], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
