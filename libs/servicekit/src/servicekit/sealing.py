"""Credentials a service must read back (robot webhooks, HMAC secrets) sealed at rest.

A password can be stored as a hash; a webhook URL or a signing secret cannot, because the
service needs the value itself to send or to verify. So it is encrypted with Fernet
(AES-128-CBC + HMAC-SHA256, from `cryptography`) before it reaches PostgreSQL: a dump or a
replica shows `sealed:v1:<token>`, never the token inside a robot's URL.

Keys: `SALESOS_SEALING_KEYS`, comma-separated Fernet keys. The first seals, every one
opens, so a key is rotated by putting the new key first and keeping the old one after it
until every value was sealed again. `python -m servicekit.sealing` prints a new key.

Rows written before sealing existed hold plain text: a value without the prefix is
returned as it is (and sealed when its row is next written). An empty string stays
empty, so "not configured" still reads as such. A sealed value that no key opens is an
error naming the column: a wrong or missing key must never read as "no webhook".
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

PREFIX = "sealed:v1:"
ENV = "SALESOS_SEALING_KEYS"
# Demo mode only (servicekit.settings refuses it otherwise): a throwaway installation
# still exercises the sealed path; its data is no secret anyway.
DEMO_SEALING_KEY = "c2FsZXNvcy1kZW1vLW9ubHktc2VhbGluZy1rZXkhISE="


class SealingError(RuntimeError):
    """A sealed value could not be opened (`where` names the column), or there are no
    keys to seal with."""

    def __init__(self, where: str, message: str = "") -> None:
        super().__init__(message or (
            f"{where}: a sealed value cannot be opened with any key in {ENV} (a wrong key, "
            "or the key that sealed it was removed); refusing to read it as empty"))
        self.where = where


def parse_keys(raw: str) -> tuple[str, ...]:
    """The keys of a `SALESOS_SEALING_KEYS` value; ValueError names a malformed one."""
    keys = tuple(k.strip() for k in raw.split(",") if k.strip())
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError as error:
            raise ValueError(f"{ENV}: key {position} is not a Fernet key (32 url-safe "
                             "base64-encoded bytes; `python -m servicekit.sealing` makes "
                             "one)") from error
    return keys


def new_key() -> str:
    return Fernet.generate_key().decode()


def key_kept_in(path: Path) -> str:
    """The key stored at `path`, made (readable by the owner only) on first use: how a
    local installation keeps one key across restarts on the same data directory."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return path.read_text().strip()
        with os.fdopen(fd, "w") as out:
            out.write(new_key() + "\n")
    return path.read_text().strip()


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


class Sealer:
    """Seals with the first key, opens with any."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError(f"{ENV} holds no key")
        self._fernet = MultiFernet([Fernet(k) for k in keys])
        self._primary = Fernet(keys[0])
        # Tokens are unique per sealing, so a token's plaintext never changes: remembering
        # it spares the fan-out path an HMAC + AES per person per event.
        self._decrypt = lru_cache(maxsize=4096)(self._fernet.decrypt)

    def seal(self, value: str) -> str:
        if not value or is_sealed(value):
            return value
        return PREFIX + self._primary.encrypt(value.encode()).decode()

    def open(self, value: str, *, where: str) -> str:
        if not is_sealed(value):
            return value  # empty, or written before sealing existed
        try:
            return self._decrypt(value[len(PREFIX):].encode()).decode()
        except InvalidToken as error:
            raise SealingError(where) from error

    def needs_sealing(self, value: str) -> bool:
        """Plain text, or sealed with a key other than the first (after a rotation)."""
        if not value:
            return False
        if not is_sealed(value):
            return True
        try:
            self._primary.decrypt(value[len(PREFIX):].encode())
        except InvalidToken:
            return True
        return False

    def reseal(self, value: str, *, where: str) -> str:
        """`value` sealed with the first key (plain text sealed, old keys' tokens redone)."""
        return self.seal(self.open(value, where=where))


@cache
def _sealer(raw_keys: str) -> Sealer:
    return Sealer(parse_keys(raw_keys))


def current() -> Sealer:
    """The process's sealer, from `SALESOS_SEALING_KEYS` through servicekit's settings
    (both cached: this runs for every sealed value read or written)."""
    from servicekit.settings import get_settings  # settings validates keys with this module

    raw = get_settings().sealing_keys.get_secret_value()
    if not raw:  # settings fill in the demo key in demo mode
        raise SealingError(ENV, f"{ENV} must be set outside demo mode (`python -m "
                           "servicekit.sealing` prints a new key)")
    return _sealer(raw)


if __name__ == "__main__":
    print(new_key())
