"""Text PostgreSQL cannot store: a NUL character anywhere in a request is refused naming
the field (INVALID_ARGUMENT → 422), before any use case runs. Without it the database
refused the write and the caller got a 500/502 with no field (any name, report, reason or
note typed or pasted with a stray \\u0000)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from servicekit.errors import FieldError

# Messages that only carry another's fields: the REST body names them without the prefix.
WRAPPERS = ("record", "terms", "header")
MESSAGE = "不能包含空字符（\\u0000）"
T = TypeVar("T")


def nul_field(message: Message, prefix: str = "") -> str | None:
    """The API name of the first string field holding a NUL character, or None."""
    for field, value in message.ListFields():
        name = "" if not prefix and field.name in WRAPPERS else f"{prefix}{field.name}"
        repeated = field.is_repeated
        if field.type == FieldDescriptor.TYPE_STRING:
            for i, text in enumerate(value if repeated else [value]):
                if "\x00" in text:
                    return f"{name}.{i}" if repeated else name
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry:
                if any("\x00" in f"{k}{v}" for k, v in value.items()):
                    return name
                continue
            for i, part in enumerate(value if repeated else [value]):
                inner = f"{name}.{i}." if repeated else (f"{name}." if name else "")
                if found := nul_field(part, inner):
                    return found
    return None


def reject_nul(message: Message) -> None:
    if (field := nul_field(message)) is not None:
        raise FieldError(field, MESSAGE)


def checked_text(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def checked(self: Any, request: Any, context: Any) -> Any:
        if isinstance(request, Message):  # a request stream checks its parts itself
            reject_nul(request)
        return await method(self, request, context)

    checked.text_checked = True  # type: ignore[attr-defined]
    return checked


def guard_text(cls: type[T]) -> type[T]:
    """Every unary-request RPC of the servicer (its mixins' too) checks its request."""
    for name in dir(cls):
        method = getattr(cls, name)
        if name[:1].isupper() and inspect.iscoroutinefunction(method) \
                and not getattr(method, "text_checked", False):
            setattr(cls, name, checked_text(method))
    return cls
