"""Calling the gateway's OrgDirectory from a service: once, here.

Every service that needs people, regions or departments subclasses `OrgCaller` and maps
the answers onto its own domain. The caller signs with a service token, puts a deadline
on every call, caches answers briefly (the org chart changes a few times a day, a burst
of events asks once), and turns a directory that cannot answer now into
`OrgUnavailable` — a ConnectionError and a TransientError, so a gRPC handler answers
UNAVAILABLE (503 at the gateway) and a consumer naks the event for a later retry
instead of dead-lettering it.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from typing import Any

import grpc
from google.protobuf.message import Message
from salesos.org.v1 import org_pb2, org_pb2_grpc

from servicekit.auth import bearer_metadata, issue_token, service_principal
from servicekit.consumer import TransientError
from servicekit.grpcclient import insecure_channel

_TRANSIENT = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
              grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.ABORTED}
_ABSENT = {grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT}


class OrgUnavailable(TransientError, ConnectionError):
    """The directory cannot answer now; retry later."""


class OrgCaller:
    def __init__(self, addr: str, *, jwt_secret: str, source: str,
                 timeout_seconds: float = 2.0, cache_seconds: float = 5.0) -> None:
        self._addr, self._secret, self._source = addr, jwt_secret, source
        self._timeout, self._ttl = timeout_seconds, cache_seconds
        self._channel: grpc.aio.Channel | None = None
        self._token, self._token_until = "", 0.0
        self._cache: dict[tuple[str, bytes], tuple[float, Any]] = {}

    async def call(self, method: str, request: Message) -> Any:
        """`OrgDirectory.<method>(request)`, from the cache when recently asked."""
        key = (method, request.SerializeToString(deterministic=True))
        cached = self._cache.get(key)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        if self._channel is None:  # lazily, so it binds to the running loop
            self._channel = insecure_channel(self._addr)
        if time.monotonic() >= self._token_until:
            self._token = issue_token(service_principal(self._source), self._secret, 3600)
            self._token_until = time.monotonic() + 1800
        rpc = getattr(org_pb2_grpc.OrgDirectoryStub(self._channel), method)
        try:
            answer = await rpc(request, timeout=self._timeout,
                               metadata=bearer_metadata(self._token))
        except grpc.aio.AioRpcError as error:
            if error.code() in _TRANSIENT:
                raise OrgUnavailable(f"OrgDirectory.{method}: {error.code().name}") from error
            raise
        self._cache[key] = (time.monotonic() + self._ttl, answer)
        return answer

    async def call_or_none(self, method: str, request: Message) -> Any | None:
        """`call`, with None for someone or something the directory does not know."""
        try:
            return await self.call(method, request)
        except grpc.aio.AioRpcError as error:
            if error.code() in _ABSENT:
                return None
            raise

    async def region_managers(self, region_id: str) -> list[Any]:
        """Active managers whose home region or managed regions include the region, as
        the directory lists them: the people a region's lead escalates to, or its
        unassignable lead is shown to, in whichever service asks."""
        if not region_id:
            return []
        found = await self.call("ListUsers", org_pb2.ListUsersRequest(role="manager"))
        return [u for u in found.users if u.active and u.role == "manager"
                and (u.region_id == region_id or region_id in u.managed_region_ids)]

    async def people_of_manager(self, manager_id: str,
                                region_ids: Collection[str]) -> set[str]:
        """A manager's people, the same in every service that scopes by them
        (`servicekit.scope`, `Scope.owner_ids`): everyone whose home region is one they
        manage or who reports to them, deactivated people included (a leaver's records
        wait for their handover, and their manager hands them over). One directory
        question, whatever the number of regions, cached like the rest."""
        found = await self.call("ListUsers", org_pb2.ListUsersRequest(include_inactive=True))
        regions = set(region_ids)
        return {u.id for u in found.users
                if u.region_id in regions or (manager_id and u.manager_id == manager_id)}

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
