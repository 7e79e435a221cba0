"""The notifications service names bad input after its gRPC fields (`choices.<kind>`,
`page_token`, `item_id`); a REST client knows the fields of the REST API (`channels`,
`cursor`, the path's id). The notification routes translate the names here, so a 422
points at something the caller sent."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import grpc
from servicekit.errors import field_violations

from gateway.problems import FieldProblem, validation_problem

# A name ending in "." maps every field under it (`choices.quote_issued`).
PAGES = {"page_token": "cursor", "page_size": "limit"}
PREFERENCES = {"choices.": "channels."}


def rest_name(field: str, names: Mapping[str, str]) -> str:
    for service_name, rest in names.items():
        if service_name.endswith(".") and field.startswith(service_name):
            return rest + field[len(service_name):]
        if field == service_name:
            return rest
    return field


@contextmanager
def rest_fields(names: Mapping[str, str]) -> Iterator[None]:
    """Around a notifications call: its 422 names the REST fields."""
    try:
        yield
    except grpc.aio.AioRpcError as error:
        if error.code() != grpc.StatusCode.INVALID_ARGUMENT:
            raise
        try:
            violations = field_violations(error)
        except ValueError:  # status detail inconsistent with the call: errors.py's answer
            raise error from None
        if not violations:
            raise
        raise validation_problem([FieldProblem(rest_name(f, names), m) for f, m in violations],
                                 detail=error.details() or "") from error
