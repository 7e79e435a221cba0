"""The gateway's OrgDirectory, for recipients that are roles or reporting lines."""

from __future__ import annotations

import time
from typing import Any

import grpc
from google.protobuf.message import Message
from salesos.org.v1 import org_pb2, org_pb2_grpc
from servicekit.auth import bearer_metadata, issue_token, service_principal
from servicekit.consumer import TransientError

_TRANSIENT = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
              grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.ABORTED}


class OrgDirectory:
    """Service-token client; answers cached briefly (a burst of quotes asks once).
    A directory that is down raises TransientError: the consumer retries the event
    later without counting it toward the dead letter."""

    def __init__(self, addr: str, *, jwt_secret: str, timeout_seconds: float = 3.0,
                 cache_seconds: float = 10.0) -> None:
        self._addr, self._secret, self._timeout = addr, jwt_secret, timeout_seconds
        self._cache_seconds = cache_seconds
        self._channel: grpc.aio.Channel | None = None
        self._token, self._token_until = "", 0.0
        self._cache: dict[tuple[str, bytes], tuple[float, Any]] = {}

    async def _call(self, method: str, request: Message) -> Any:
        key = (method, request.SerializeToString(deterministic=True))
        cached = self._cache.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        if self._channel is None:  # bound to the running loop on first use
            self._channel = grpc.aio.insecure_channel(self._addr)
        if time.monotonic() >= self._token_until:
            self._token = issue_token(service_principal("notifications"), self._secret, 3600)
            self._token_until = time.monotonic() + 1800
        rpc = getattr(org_pb2_grpc.OrgDirectoryStub(self._channel), method)
        try:
            answer = await rpc(request, timeout=self._timeout,
                               metadata=bearer_metadata(self._token))
        except grpc.aio.AioRpcError as error:
            if error.code() in _TRANSIENT:
                raise TransientError(f"OrgDirectory.{method}: {error.code().name}") from error
            raise
        self._cache[key] = (time.monotonic() + self._cache_seconds, answer)
        return answer

    async def users_with_role(self, role: str) -> list[str]:
        found = await self._call("ListUsers", org_pb2.ListUsersRequest(role=role))
        return [u.id for u in found.users if u.active and u.role == role]

    async def manager_of(self, user_id: str) -> str:
        """The user's reporting-line manager; empty when unknown or none."""
        try:
            user = await self._call("GetUser", org_pb2.GetUserRequest(user_id=user_id))
        except grpc.aio.AioRpcError as error:
            if error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
                return ""
            raise
        return str(user.manager_id)

    async def display_name(self, user_id: str) -> str:
        """How people see a colleague's name; the id itself when the directory has none."""
        try:
            user = await self._call("GetUser", org_pb2.GetUserRequest(user_id=user_id))
        except grpc.aio.AioRpcError as error:
            if error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
                return user_id
            raise
        return str(user.display_name or user.username or user_id)

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
