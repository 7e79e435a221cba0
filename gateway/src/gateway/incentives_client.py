"""The incentives service's gRPC client, created on first use from the gateway's settings
(`SALESOS_INCENTIVES_ADDR`). Calls forward the caller's JWT (the service scopes every
answer); the public survey pages, which have no user, go out under the gateway's service
token. `to_dict` turns a reply into plain JSON-able data for the response models."""

from __future__ import annotations

import math
from typing import Annotated, Any

import grpc
from fastapi import Depends, Request
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message
from opentelemetry.instrumentation.grpc import aio_client_interceptors
from salesos.incentives.v1 import incentives_pb2_grpc
from servicekit.auth import bearer_metadata


class IncentivesClient:
    def __init__(self, addr: str, *, timeout: float) -> None:
        self._channel = grpc.aio.insecure_channel(addr, interceptors=aio_client_interceptors())
        self._stub = incentives_pb2_grpc.IncentiveServiceStub(self._channel)
        self._timeout = timeout

    async def call(self, method: str, request: Message, *, user_token: str,
                   deadline: float | None = None) -> Any:
        rpc = getattr(self._stub, method)
        return await rpc(request, timeout=deadline or self._timeout,
                         metadata=bearer_metadata(user_token))

    async def close(self) -> None:
        await self._channel.close()


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None  # no interval or p-value (too few units): JSON null, not NaN
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def to_dict(message: Message) -> dict[str, Any]:
    raw = MessageToDict(message, preserving_proto_field_name=True,
                        always_print_fields_with_no_presence=True)
    return _finite(_floats(raw))


def _floats(value: Any) -> Any:
    # MessageToDict writes NaN/Infinity doubles as strings; bring them back as floats.
    if value in ("NaN", "Infinity", "-Infinity"):
        return float(value)
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats(v) for v in value]
    return value


async def _incentives(request: Request) -> IncentivesClient:
    state = request.app.state
    if getattr(state, "incentives", None) is None:
        settings = state.settings
        state.incentives = IncentivesClient(settings.addr_of("incentives"),
                                            timeout=settings.grpc_timeout_seconds)
    return state.incentives


Incentives = Annotated[IncentivesClient, Depends(_incentives)]
