"""Domain refusals as the servicekit errors the interceptor maps (422/409/403)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from servicekit.errors import Conflict, FieldError, PermissionDenied

from workorders.domain.errors import InvalidField, NotAllowed, TransitionRefused


@contextmanager
def domain_errors() -> Iterator[None]:
    try:
        yield
    except InvalidField as error:
        raise FieldError(error.field, error.message) from error
    except TransitionRefused as error:
        raise Conflict(error.message) from error
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
