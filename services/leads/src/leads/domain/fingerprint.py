"""Which fields make a keyed arrival's request, so the key reused for another customer is
told apart from a retry (hashing and comparison: servicekit.idempotency). Pure; no I/O.

A retry carries the same customer: the fingerprint is taken over the normalised fields,
so a retry that writes the phone as "+86 138…" instead of "138…" is still the same
request, while another name, number or message is not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from servicekit import idempotency

from leads.domain.normalise import folded

if TYPE_CHECKING:
    from leads.domain.model import Lead

# The province as given: an inferred one (domain/province_guess.py) follows from the phone
# and company already here, and a request stored before inference had none.
_FIELDS = ("name", "company", "phone", "email", "wechat_id", "title", "given_province",
           "industry", "message", "event", "booth")


def fingerprint(lead: Lead, channel: str) -> str | None:
    """The fingerprint of a keyed arrival; None without a key (nothing to compare)."""
    if lead.idempotency_key is None:
        return None
    # Folded: the digest of a request stored before free text kept its punctuation.
    return idempotency.fingerprint(channel, *(folded(getattr(lead, name)) for name in _FIELDS))
