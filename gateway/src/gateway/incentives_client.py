"""The incentives service's gRPC client (`SALESOS_INCENTIVES_ADDR`, made on first use; see
service_client.py). Calls forward the caller's JWT (the service scopes every
answer); the public survey pages, which have no user, go out under the gateway's service
token. `to_dict` turns a reply into plain JSON-able data for the response models."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import Depends, Request
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message
from salesos.incentives.v1 import incentives_pb2_grpc

from gateway.service_client import StubClient, channel_of

IncentivesClient = StubClient


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


async def _incentives(request: Request) -> StubClient:
    return channel_of(request, "incentives").client(incentives_pb2_grpc.IncentiveServiceStub)


Incentives = Annotated[StubClient, Depends(_incentives)]
