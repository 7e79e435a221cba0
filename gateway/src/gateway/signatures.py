"""Ad-platform webhook signatures: `X-Signature: sha256=<hex HMAC-SHA256(secret,
timestamp + "." + raw body)>` with `X-Timestamp` in unix seconds. Pure; the replay memory
(signatures seen within the window) lives in PostgreSQL, see adapters/intake_guard.py.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence

MAX_SKEW_SECONDS = 300
_PREFIX = "sha256="
_FORMAT = re.compile(r"^sha256=[0-9a-f]{64}$")
EXPECTED_FORMAT = ('X-Signature 格式应为 sha256=<64 位十六进制>，即 "sha256=" 加上 '
                   'HMAC-SHA256(签名密钥, X-Timestamp + "." + 原始请求体) 的十六进制小写摘要')


class SignatureRejected(Exception):
    """Why a request cannot be trusted; `field` names the header at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return _PREFIX + digest.hexdigest()


def verify(*, secret: str, timestamp: str | None, signature: str | None, body: bytes,
           now: float, max_skew: int = MAX_SKEW_SECONDS) -> int:
    """The request's timestamp when the signature is right and fresh; raises otherwise."""
    if not timestamp:
        raise SignatureRejected("X-Timestamp", "缺少 X-Timestamp")
    if not signature:
        raise SignatureRejected("X-Signature", "缺少 X-Signature")
    try:
        moment = int(timestamp)
    except ValueError as error:
        raise SignatureRejected("X-Timestamp", "X-Timestamp 必须是 Unix 秒数") from error
    if abs(now - moment) > max_skew:
        raise SignatureRejected("X-Timestamp", f"X-Timestamp 与服务器时间相差超过 {max_skew} 秒")
    given = signature.strip().lower()
    if not _FORMAT.match(given):  # say what is expected: "签名无效" alone sent people guessing
        raise SignatureRejected("X-Signature", EXPECTED_FORMAT)
    # Constant-time comparison: the time taken must not reveal how much of it matched.
    if not hmac.compare_digest(sign(secret, timestamp, body).encode(), given.encode()):
        raise SignatureRejected("X-Signature", "签名无效")
    return moment


def verify_any(*, secrets: Sequence[str], timestamp: str | None, signature: str | None,
               body: bytes, now: float, max_skew: int = MAX_SKEW_SECONDS) -> int:
    """`verify` against each secret in turn (the current one, then a rotated-out one in its
    grace period, intake_secrets.py); the last secret's rejection when none matches."""
    for secret in secrets[:-1]:
        try:
            return verify(secret=secret, timestamp=timestamp, signature=signature, body=body,
                          now=now, max_skew=max_skew)
        except SignatureRejected as error:
            if error.field != "X-Signature":  # the timestamp is wrong whatever the secret
                raise
    return verify(secret=secrets[-1], timestamp=timestamp, signature=signature, body=body,
                  now=now, max_skew=max_skew)
