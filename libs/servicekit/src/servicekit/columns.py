"""Column shapes every service's tables use, defined once."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Text, func, text


def text_column(name: str) -> Column[str]:
    """Required text that may be empty: NOT NULL DEFAULT '' (no NULL-vs-'' ambiguity)."""
    return Column(name, Text, nullable=False, server_default=text("''"))


def created_column() -> Column:  # type: ignore[type-arg]
    """`created_at`, set by the database when the row is inserted."""
    return Column("created_at", DateTime(timezone=True), nullable=False,
                  server_default=func.now())
