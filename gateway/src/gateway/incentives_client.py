"""The incentives service's gRPC client (`SALESOS_INCENTIVES_ADDR`, made on first use; see
service_client.py). Calls forward the caller's JWT (the service scopes every
answer); the public survey pages, which have no user, go out under the gateway's service
token. `to_dict` turns a reply into plain JSON-able data for the response models, its
times at +08:00 like every other answer (MessageToDict would write UTC, "…Z")."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import Depends, Request
from google.protobuf.json_format import MessageToDict
from google.protobuf.message import Message
from salesos.incentives.v1 import incentives_pb2_grpc

from gateway.protoconv import SHANGHAI
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
    _shanghai_times(message, raw)
    return _finite(_floats(raw))


def _shanghai_times(message: Message, data: dict[str, Any]) -> None:
    """Rewrites, in place, each set Timestamp of `message` (nested too) in `data` as an
    Asia/Shanghai ISO time: the same instant, the offset the rest of the API answers."""
    for field, value in message.ListFields():
        if field.message_type is None or field.name not in data:
            continue
        if field.message_type.full_name == "google.protobuf.Timestamp":
            data[field.name] = (value.ToDatetime(tzinfo=SHANGHAI).isoformat()
                                if not field.is_repeated else
                                [v.ToDatetime(tzinfo=SHANGHAI).isoformat() for v in value])
        elif field.message_type.GetOptions().map_entry:
            continue  # maps of messages: none carries a time today
        elif field.is_repeated:
            for item, out in zip(value, data[field.name], strict=True):
                _shanghai_times(item, out)
        else:
            _shanghai_times(value, data[field.name])


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
