"""What the incentives domain refuses, in words a user can act on (zh-CN)."""

from __future__ import annotations


class InvalidField(ValueError):
    """Bad input in one field (→ 422 naming it); nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class Refused(Exception):
    """The state does not allow it (a used or expired survey token → 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Expired(Refused):
    """A survey link past its validity (→ 410 Gone at the gateway)."""
