"""The one pure "bad input" exception domain code raises (no gRPC imports here, so
domain modules stay free of I/O); each entry point maps it onto a field error.

One request may have several bad fields: `Problems` collects them, and the InvalidField
it raises carries every one (`violations`), so a form is told all its mistakes at once
(as an import's errors.xlsx names every bad cell of a row).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


class InvalidField(ValueError):
    """User input that cannot be stored; `field` is the request field name, `more` the
    request's other bad fields as (field, message) pairs."""

    more: tuple[tuple[str, str], ...] = ()

    def __init__(self, field: str, message: str, *,
                 more: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.more = tuple(more)

    @property
    def violations(self) -> tuple[tuple[str, str], ...]:
        """Every bad field of the request, this one first."""
        return ((self.field, self.message), *self.more)


class Problems:
    """Every bad field of one request: check each part with `take`, then `raise_if_any`."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def take(self, check: Callable[..., T], *args: Any, default: T) -> T:
        """`check(*args)`, or `default` with its InvalidField's fields noted."""
        try:
            return check(*args)
        except InvalidField as error:
            self.found.extend(error.violations)
            return default

    def add(self, field: str, message: str) -> None:
        self.found.append((field, message))

    def raise_if_any(self) -> None:
        if self.found:
            (field, message), *more = self.found
            raise InvalidField(field, message, more=more)
