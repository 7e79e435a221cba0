"""The one pure "bad input" exception domain code raises (no gRPC imports here, so
domain modules stay free of I/O); each entry point maps it onto a field error."""

from __future__ import annotations


class InvalidField(ValueError):
    """User input that cannot be stored; `field` is the request field name."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
