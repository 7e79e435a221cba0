"""Small conversions shared by the use cases: timestamps and the errors the API maps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp
from servicekit.errors import Conflict, FieldError

from incentives.domain.errors import InvalidField, Refused


def ts(moment: datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


@contextmanager
def domain_errors() -> Iterator[None]:
    try:
        yield
    except InvalidField as error:
        raise FieldError(error.field, error.message) from error
    except Refused as error:
        raise Conflict(error.message) from error
