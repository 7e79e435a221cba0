"""What the domain refuses; the servicer maps each onto a gRPC status."""

from __future__ import annotations

from servicekit.invalid import InvalidField  # the one pure "bad input" (422 naming it)

__all__ = ["InvalidField", "NotAllowed", "ReadOnly", "TransitionRefused"]


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


class ReadOnly(TransitionRefused):
    """The order is closed or cancelled: nothing more is written to it (409, told apart
    from other conflicts: a client offers a follow-up of `order_id` instead)."""

    def __init__(self, message: str, *, order_id: str, state: str) -> None:
        super().__init__(message)
        self.order_id, self.state = order_id, state
