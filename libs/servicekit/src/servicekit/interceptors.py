"""Server interceptors: who is calling, and what an error means on the wire.

Health and reflection are public (Kubernetes probes, grpcurl); every other method needs
a valid bearer token. Domain errors become their gRPC codes; a database that cannot be
reached becomes UNAVAILABLE, which callers answer with 503 + Retry-After, never 500.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import grpc

from servicekit.auth import InvalidToken, decode_token, reset_principal, set_principal
from servicekit.db import is_unavailable
from servicekit.errors import FieldError, ServiceError, field_error_status
from servicekit.metrics import RPC_LATENCY

log = logging.getLogger(__name__)
PUBLIC_PREFIXES = ("/grpc.health.v1.", "/grpc.reflection.")


class AuthAndErrorsInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, jwt_secret: str) -> None:
        self._secret = jwt_secret

    async def intercept_service(
        self, continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(details)
        method = details.method
        if handler is None or method.startswith(PUBLIC_PREFIXES) or handler.unary_unary is None:
            return handler
        inner = handler.unary_unary
        metadata = dict(details.invocation_metadata or ())

        async def guarded(request: Any, context: grpc.aio.ServicerContext) -> Any:
            started, code = time.perf_counter(), "OK"
            try:
                principal = decode_token(_bearer(metadata), self._secret)
            except InvalidToken as error:
                RPC_LATENCY.labels(method, "UNAUTHENTICATED").observe(0)
                await context.abort(grpc.StatusCode.UNAUTHENTICATED, f"invalid token: {error}")
            token = set_principal(principal)
            try:
                return await inner(request, context)
            except FieldError as error:
                code = "INVALID_ARGUMENT"
                await context.abort_with_status(field_error_status(error))
            except ServiceError as error:
                code = error.code.name
                await context.abort(error.code, str(error))
            except grpc.aio.AbortError:
                code = "ABORTED"
                raise
            except Exception as error:
                if is_unavailable(error):
                    code = "UNAVAILABLE"
                    log.warning("%s: database unavailable: %s", method, error)
                    await context.abort(grpc.StatusCode.UNAVAILABLE, "database unavailable")
                # A bug: the details stay in our log, the caller learns only that it failed.
                code = "INTERNAL"
                log.exception("%s failed", method)
                await context.abort(grpc.StatusCode.INTERNAL, "internal error")
            finally:
                reset_principal(token)
                RPC_LATENCY.labels(method, code).observe(time.perf_counter() - started)

        return grpc.unary_unary_rpc_method_handler(
            guarded, request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer)


def _bearer(metadata: dict[str, str | bytes]) -> str:
    value = metadata.get("authorization", "")
    value = value.decode() if isinstance(value, bytes) else value
    if not value.lower().startswith("bearer "):
        raise InvalidToken("missing bearer token")
    return value[7:].strip()
