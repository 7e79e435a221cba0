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
from servicekit.errors import (
    CodedConflict,
    FieldError,
    ServiceError,
    coded_conflict_status,
    field_error_status,
)
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
        if handler is None or method.startswith(PUBLIC_PREFIXES):
            return handler
        metadata = dict(details.invocation_metadata or ())
        serde = {"request_deserializer": handler.request_deserializer,
                 "response_serializer": handler.response_serializer}
        if handler.unary_unary is not None:
            return grpc.unary_unary_rpc_method_handler(
                self._guard(handler.unary_unary, method, metadata), **serde)
        if handler.stream_unary is not None:  # client streaming, e.g. an upload
            return grpc.stream_unary_rpc_method_handler(
                self._guard(handler.stream_unary, method, metadata), **serde)
        if handler.unary_stream is not None:  # server streaming, e.g. an export
            return grpc.unary_stream_rpc_method_handler(
                self._guard_stream(handler.unary_stream, method, metadata), **serde)
        return grpc.stream_stream_rpc_method_handler(  # not used yet: refuse, never bypass
            self._refuse, **serde)

    async def _refuse(self, requests: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, "bidirectional streams are not served")

    async def _authenticate(self, metadata: dict[str, Any], method: str,
                            context: grpc.aio.ServicerContext) -> object:
        try:
            principal = decode_token(_bearer(metadata), self._secret)
        except InvalidToken as error:
            RPC_LATENCY.labels(method, "UNAUTHENTICATED").observe(0)
            await context.abort(grpc.StatusCode.UNAUTHENTICATED, f"invalid token: {error}")
        return set_principal(principal)

    async def _on_error(self, error: Exception, method: str,
                        context: grpc.aio.ServicerContext) -> str:
        """Aborts with the gRPC status the error means. A bug is INTERNAL "internal
        error": its details stay in our log, the caller learns only that it failed."""
        if isinstance(error, grpc.aio.AbortError):
            raise error
        if isinstance(error, FieldError):
            await context.abort_with_status(field_error_status(error))
        if isinstance(error, CodedConflict):
            await context.abort_with_status(coded_conflict_status(error))
        if isinstance(error, ServiceError):
            await context.abort(error.code, str(error))
        if is_unavailable(error):
            # The database or another dependency (e.g. the org directory) is down.
            log.warning("%s: dependency unavailable: %s", method, error)
            await context.abort(grpc.StatusCode.UNAVAILABLE, "dependency unavailable")
        log.error("%s failed", method, exc_info=error)
        await context.abort(grpc.StatusCode.INTERNAL, "internal error")
        return "INTERNAL"  # pragma: no cover - abort raises

    @staticmethod
    def _code(error: Exception) -> str:
        if isinstance(error, FieldError):
            return "INVALID_ARGUMENT"
        if isinstance(error, ServiceError):
            return error.code.name
        if isinstance(error, grpc.aio.AbortError):
            return "ABORTED"
        return "UNAVAILABLE" if is_unavailable(error) else "INTERNAL"

    def _guard(self, inner: Any, method: str, metadata: dict[str, Any]) -> Any:
        async def guarded(request: Any, context: grpc.aio.ServicerContext) -> Any:
            started, code = time.perf_counter(), "OK"
            token = await self._authenticate(metadata, method, context)
            try:
                return await inner(request, context)
            except Exception as error:
                code = self._code(error)
                await self._on_error(error, method, context)
            finally:
                reset_principal(token)
                RPC_LATENCY.labels(method, code).observe(time.perf_counter() - started)

        return guarded

    def _guard_stream(self, inner: Any, method: str, metadata: dict[str, Any]) -> Any:
        async def guarded(request: Any, context: grpc.aio.ServicerContext) -> Any:
            started, code = time.perf_counter(), "OK"
            await self._authenticate(metadata, method, context)
            # Each RPC runs in its own task, so the principal set here cannot leak into
            # another call; it is not reset because a generator may finish elsewhere.
            try:
                async for item in inner(request, context):
                    yield item
            except Exception as error:
                code = self._code(error)
                await self._on_error(error, method, context)
            finally:
                RPC_LATENCY.labels(method, code).observe(time.perf_counter() - started)

        return guarded


def _bearer(metadata: dict[str, str | bytes]) -> str:
    value = metadata.get("authorization", "")
    value = value.decode() if isinstance(value, bytes) else value
    if not value.lower().startswith("bearer "):
        raise InvalidToken("missing bearer token")
    return value[7:].strip()
