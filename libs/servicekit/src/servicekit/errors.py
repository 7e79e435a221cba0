"""Errors a servicer raises; the server interceptor maps them onto gRPC status codes.

Field errors carry a `google.rpc.BadRequest` detail naming the field, so the gateway can
answer 422 problem+json with `field` set without parsing messages.
"""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from servicekit.invalid import InvalidField


class TransientError(Exception):
    """A dependency is briefly unavailable: retry later, do not count toward dead-lettering.
    (A consumer naks the event for later; a unit of work leaves it as it is, rather than
    calling it the database's outage.)"""


class ServiceError(Exception):
    code = grpc.StatusCode.INTERNAL


class FieldError(ServiceError):
    """Bad input in one field (and perhaps others: `more`); nothing was written."""

    code = grpc.StatusCode.INVALID_ARGUMENT
    more: tuple[tuple[str, str], ...] = ()

    def __init__(self, field: str, message: str, *,
                 more: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.more = more

    @classmethod
    def of(cls, error: InvalidField) -> FieldError:
        """The servicer's error for a domain InvalidField, every bad field of it."""
        return cls(error.field, error.message, more=error.more)


class NotFound(ServiceError):
    code = grpc.StatusCode.NOT_FOUND


class PermissionDenied(ServiceError):
    code = grpc.StatusCode.PERMISSION_DENIED


class Conflict(ServiceError):
    code = grpc.StatusCode.FAILED_PRECONDITION


class CodedConflict(Conflict):
    """A conflict a caller must tell from the others (a closed work order, not a step
    out of turn): FAILED_PRECONDITION with a `google.rpc.ErrorInfo` detail whose `reason`
    is a stable code and whose `metadata` holds the facts a client acts on. The gateway
    turns the reasons it knows into their own problem `code`; to others it is a conflict."""

    def __init__(self, message: str, *, reason: str, facts: dict[str, str]) -> None:
        super().__init__(message)
        self.message, self.reason, self.facts = message, reason, facts


class Stale(ServiceError):
    """The caller changed a record from a version that is no longer the current one
    (someone saved in between); the gateway answers 412, as to a failed If-Match."""

    code = grpc.StatusCode.ABORTED


def field_error_status(error: FieldError) -> grpc.Status:
    detail = any_pb2.Any()
    detail.Pack(error_details_pb2.BadRequest(field_violations=[
        error_details_pb2.BadRequest.FieldViolation(field=field, description=message)
        for field, message in ((error.field, error.message), *error.more)
    ]))
    status = status_pb2.Status(code=code_pb2.INVALID_ARGUMENT, message=error.message,
                               details=[detail])
    return rpc_status.to_status(status)


def coded_conflict_status(error: CodedConflict) -> grpc.Status:
    detail = any_pb2.Any()
    detail.Pack(error_details_pb2.ErrorInfo(reason=error.reason, domain="salesos",
                                            metadata=error.facts))
    return rpc_status.to_status(status_pb2.Status(
        code=code_pb2.FAILED_PRECONDITION, message=error.message, details=[detail]))


def error_info(error: grpc.aio.AioRpcError | grpc.RpcError) -> tuple[str, dict[str, str]] | None:
    """(reason, facts) of a CodedConflict's error, None for any other."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    for detail in status.details if status else ():
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info.reason, dict(info.metadata)
    return None


def field_violations(error: grpc.aio.AioRpcError | grpc.RpcError) -> list[tuple[str, str]]:
    """The (field, message) pairs of an INVALID_ARGUMENT error, for the gateway."""
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    if status is None:
        return []
    found: list[tuple[str, str]] = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            found.extend((v.field, v.description) for v in bad.field_violations)
    return found
