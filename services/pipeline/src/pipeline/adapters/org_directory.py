"""The gateway's OrgDirectory as the pipeline needs it: who approves (region managers,
named users) and to whom an approver reports. A service-token gRPC client with a deadline
on every call; answers are cached briefly (the org chart changes a few times a day)."""

from __future__ import annotations

import time
from typing import Any

import grpc
from google.protobuf.message import Message
from salesos.org.v1 import org_pb2, org_pb2_grpc
from servicekit.auth import bearer_metadata, issue_token, service_principal

from pipeline.domain.approval_matrix import Person

_TRANSIENT = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
              grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.ABORTED}


class OrgUnavailable(Exception):
    """The directory could not answer now; the caller should retry later (→ 503)."""


class OrgClient:
    def __init__(self, addr: str, *, jwt_secret: str, timeout_seconds: float = 2.0,
                 cache_seconds: float = 5.0) -> None:
        self._addr, self._secret, self._timeout = addr, jwt_secret, timeout_seconds
        self._cache_seconds = cache_seconds
        self._channel: grpc.aio.Channel | None = None
        self._token, self._token_until = "", 0.0
        self._cache: dict[tuple[str, bytes], tuple[float, Any]] = {}

    async def _call(self, method: str, request: Message) -> Any:
        key = (method, request.SerializeToString(deterministic=True))
        hit = self._cache.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        if self._channel is None:  # lazily, so it binds to the running loop
            self._channel = grpc.aio.insecure_channel(self._addr)
        if time.monotonic() >= self._token_until:
            self._token = issue_token(service_principal("pipeline"), self._secret, 3600)
            self._token_until = time.monotonic() + 1800
        rpc = getattr(org_pb2_grpc.OrgDirectoryStub(self._channel), method)
        try:
            answer = await rpc(request, timeout=self._timeout,
                               metadata=bearer_metadata(self._token))
        except grpc.aio.AioRpcError as error:
            if error.code() in _TRANSIENT:
                raise OrgUnavailable(f"{method}: {error.code().name}") from error
            raise
        self._cache[key] = (time.monotonic() + self._cache_seconds, answer)
        return answer

    async def people(self) -> list[Person]:
        found = await self._call("ListUsers", org_pb2.ListUsersRequest())
        return [Person(u.id, u.username, u.role, u.region_id, u.manager_id, u.active,
                       tuple(u.managed_region_ids)) for u in found.users]

    async def person(self, user_id: str) -> Person | None:
        return next((p for p in await self.people() if p.id == user_id), None)

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
