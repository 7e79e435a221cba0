"""Small conversions shared by the use cases: timestamps and the errors the API maps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status
from servicekit.errors import Conflict, FieldError

from incentives.domain.errors import Expired, InvalidField, Refused

EXPIRED = "expired"  # PreconditionFailure violation type the gateway turns into 410


@contextmanager
def domain_errors() -> Iterator[None]:
    try:
        yield
    except InvalidField as error:
        raise FieldError(error.field, error.message) from error
    except Expired:
        raise  # the servicer answers it with its own status
    except Refused as error:
        raise Conflict(error.message) from error


def expired_status(error: Expired) -> grpc.Status:
    """FAILED_PRECONDITION marked `expired`, so the gateway can answer 410 Gone."""
    detail = any_pb2.Any()
    detail.Pack(error_details_pb2.PreconditionFailure(violations=[
        error_details_pb2.PreconditionFailure.Violation(type=EXPIRED, subject="survey",
                                                        description=error.message)]))
    return rpc_status.to_status(status_pb2.Status(
        code=code_pb2.FAILED_PRECONDITION, message=error.message, details=[detail]))
