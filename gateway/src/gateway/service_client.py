"""A gRPC stub the gateway calls on a person's behalf: every call forwards the caller's
JWT (the service scopes every answer to what that person may see) under the gateway's
deadline. One `ServiceChannel` per service process, made on first use and closed at
shutdown; several services of one process (the pipeline's opportunities, quotes and
contracts) share it, so the gateway keeps one connection per process."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
from fastapi import Request
from google.protobuf.message import Message
from opentelemetry.instrumentation.grpc import aio_client_interceptors
from servicekit.auth import bearer_metadata
from servicekit.grpcclient import insecure_channel


class StubClient:
    def __init__(self, stub: Any, timeout: float) -> None:
        self._stub, self.timeout = stub, timeout

    async def call(self, method: str, request: Message, *, user_token: str,
                   deadline: float | None = None) -> Any:
        rpc = getattr(self._stub, method)
        return await rpc(request, timeout=deadline or self.timeout,
                         metadata=bearer_metadata(user_token))

    async def upload(self, method: str, requests: AsyncIterator[Message], *, user_token: str,
                     deadline: float) -> Any:
        """A client-streaming RPC (visit photos), with its own, longer deadline."""
        rpc = getattr(self._stub, method)
        return await rpc(requests, timeout=deadline, metadata=bearer_metadata(user_token))

    def stream(self, method: str, request: Message, *, user_token: str) -> Any:
        """A server-streaming RPC's call: iterate it for the messages."""
        rpc = getattr(self._stub, method)
        return rpc(request, timeout=self.timeout, metadata=bearer_metadata(user_token))


class ServiceChannel:
    def __init__(self, addr: str, *, timeout: float, max_message: int | None = None) -> None:
        options = [] if max_message is None else [
            ("grpc.max_send_message_length", max_message),
            ("grpc.max_receive_message_length", max_message)]
        self._channel = insecure_channel(
            addr, interceptors=aio_client_interceptors(), options=options)
        self.timeout = timeout
        self._clients: dict[Any, StubClient] = {}

    def client(self, stub_class: Callable[[grpc.aio.Channel], Any]) -> StubClient:
        """The client of one gRPC service on this channel (made once)."""
        if stub_class not in self._clients:
            self._clients[stub_class] = StubClient(stub_class(self._channel), self.timeout)
        return self._clients[stub_class]

    async def close(self) -> None:
        await self._channel.close()


def channel_of(request: Request, service: str, *, max_message: int | None = None
               ) -> ServiceChannel:
    """`service`'s channel on this app (`app.state.<service>`), made on first use from
    the gateway's settings (`SALESOS_<SERVICE>_ADDR`); main.py closes it at shutdown."""
    state = request.app.state
    if getattr(state, service, None) is None:
        settings = state.settings
        setattr(state, service, ServiceChannel(settings.addr_of(service),
                                               timeout=settings.grpc_timeout_seconds,
                                               max_message=max_message))
    channel: ServiceChannel = getattr(state, service)
    return channel
