"""What the domain refuses; the servicer maps each onto a gRPC status."""

from __future__ import annotations


class InvalidField(Exception):
    """Bad input in one field (422 naming it)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


class TransitionRefused(Exception):
    """The order is not in a state that allows this step (409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(Exception):
    """This person may not take this step on this order (403)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
