"""Domain refusals as the servicekit errors the interceptor maps (422/409/403).

A write on a closed or cancelled order is a coded conflict, `workorder_closed` with the
order's id and state: the gateway answers it with its own problem code and the order's
follow-up link, so a client offers 「发起跟进工单」 rather than a generic 409."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from servicekit.errors import CodedConflict, Conflict, FieldError, PermissionDenied

from workorders.domain.errors import InvalidField, NotAllowed, ReadOnly, TransitionRefused

CLOSED = "workorder_closed"


@contextmanager
def domain_errors() -> Iterator[None]:
    try:
        yield
    except InvalidField as error:
        raise FieldError(error.field, error.message) from error
    except ReadOnly as error:
        raise CodedConflict(error.message, reason=CLOSED, facts={
            "work_order_id": error.order_id, "state": error.state}) from error
    except TransitionRefused as error:
        raise Conflict(error.message) from error
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
