"""Delivery to one channel of one person for one event: states, retry timing, digest.

One row per (event, recipient, channel) under a unique key, so a redelivered event can
never send twice. A failed attempt is retried with exponential backoff; after the last
allowed attempt the delivery is `failed`, the dead-letter list an admin inspects and
retries. Pure; no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

PENDING, HELD, SENT, FAILED, DIGESTED = "pending", "held", "sent", "failed", "digested"
# Not sent: the item it would carry was withdrawn before (an approval that stopped waiting).
WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    base_seconds: float = 2.0
    max_seconds: float = 3600.0

    def after_failure(self, attempts: int) -> timedelta | None:
        """Wait before the next attempt, given `attempts` made; None: give up."""
        if attempts >= self.max_attempts:
            return None
        return timedelta(seconds=min(self.base_seconds * 2 ** (attempts - 1), self.max_seconds))


@dataclass(frozen=True)
class OutgoingMessage:
    """What a channel sends: already rendered in the recipient's language."""

    title: str
    body: str
    link: str = ""

    @property
    def text(self) -> str:
        return "\n".join(part for part in (self.title, self.body, self.link) if part)


def absolute(link: str, public_url: str) -> str:
    """The inbox's links are the web app's paths (`/workorders/<id>`); in a chat robot,
    an e-mail or an SMS a path opens nothing, so it goes out behind the public address."""
    return public_url.rstrip("/") + link if link.startswith("/") else link


class DeliveryFailed(Exception):
    """The channel did not take the message; `str(error)` is what the admin list shows."""


def digest_lines(titles: list[str]) -> str:
    return "\n".join(f"{n}. {title}" for n, title in enumerate(titles, start=1))
