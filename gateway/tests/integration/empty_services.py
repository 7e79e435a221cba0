"""Every SalesOS gRPC service behind one real server (the production bootstrap with its
auth interceptor), each call answered with an empty reply of its type and each server
stream with no messages: whatever a route asks, the answer exists and is empty. For
tests about the gateway's side of a whole family of routes (every export), where what
the services say does not matter."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator, Iterator
from typing import Any

import grpc
import salesos
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor
from google.protobuf.message_factory import GetMessageClass


def _services() -> Iterator[ServiceDescriptor]:
    for found in pkgutil.walk_packages(salesos.__path__, "salesos."):
        if found.name.endswith("_pb2"):
            yield from importlib.import_module(found.name).DESCRIPTOR.services_by_name.values()


def _handler(method: MethodDescriptor) -> grpc.RpcMethodHandler | None:
    asked, reply = GetMessageClass(method.input_type), GetMessageClass(method.output_type)
    wire: dict[str, Any] = {"request_deserializer": asked.FromString,
                            "response_serializer": reply.SerializeToString}
    if method.client_streaming:
        return None  # uploads: no read route sends one

    if method.server_streaming:
        async def nothing(request: Any, context: Any) -> AsyncIterator[Any]:
            for message in ():
                yield message
        return grpc.unary_stream_rpc_method_handler(nothing, **wire)

    async def empty(request: Any, context: Any) -> Any:
        return reply()
    return grpc.unary_unary_rpc_method_handler(empty, **wire)


def register(server: grpc.aio.Server) -> list[str]:
    names = []
    for service in _services():
        handlers = {m.name: h for m in service.methods if (h := _handler(m)) is not None}
        server.add_generic_rpc_handlers(
            (grpc.method_handlers_generic_handler(service.full_name, handlers),))
        names.append(service.full_name)
    return names
