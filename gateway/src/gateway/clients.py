"""gRPC clients of the services the gateway fronts.

Every call carries a deadline. Intake writes go out under the gateway's own service
token (the web form has no user); reads forward the caller's JWT so the service scopes
them to what that person may see.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

from google.protobuf.message import Message
from opentelemetry.instrumentation.grpc import aio_client_interceptors
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from salesos.notifications.v1 import notifications_pb2, notifications_pb2_grpc
from servicekit.auth import bearer_metadata, issue_token, service_principal
from servicekit.grpcclient import insecure_channel

from gateway.intake_batcher import IntakeBatcher
from gateway.intake_trace import traced_metadata

_SERVICE_TOKEN_TTL = 3600


class Clients:
    def __init__(self, *, leads_addr: str, notifications_addr: str, jwt_secret: str,
                 timeout: float, intake_hold: float = 0.01) -> None:
        # The tracing interceptors carry the HTTP request's trace into the services; intake
        # calls go on a channel of their own without them (intake_trace.py).
        self._leads_channel = insecure_channel(
            leads_addr, interceptors=aio_client_interceptors())
        self._intake_channel = insecure_channel(leads_addr)
        self._intake_leads = leads_pb2_grpc.LeadServiceStub(self._intake_channel)
        self._notifications_channel = insecure_channel(
            notifications_addr, interceptors=aio_client_interceptors())
        self.leads = leads_pb2_grpc.LeadServiceStub(self._leads_channel)
        self.notifications = notifications_pb2_grpc.NotificationServiceStub(
            self._notifications_channel)
        self._secret = jwt_secret
        self._timeout = timeout
        self._service_token = ""
        self._service_token_until = 0.0
        # Intake under the service token: concurrent requests share one CreateLeads call.
        self._intake = IntakeBatcher(self._create_leads, deadline=timeout, hold=intake_hold)

    def service_token(self) -> str:
        # Renewed well before expiry so an in-flight call never carries a stale token.
        now = time.time()
        if now > self._service_token_until:
            self._service_token = issue_token(service_principal("gateway"), self._secret,
                                              ttl_seconds=_SERVICE_TOKEN_TTL)
            self._service_token_until = now + _SERVICE_TOKEN_TTL / 2
        return self._service_token

    async def create_lead(self, request: leads_pb2.CreateLeadRequest
                          ) -> leads_pb2.CreateLeadResponse:
        """Intake (web form, QR, ads): answered like CreateLead, sent in a batch."""
        return await self._intake.create_lead(request)

    async def _create_leads(self, request: leads_pb2.CreateLeadsRequest,
                            deadline: float | None) -> leads_pb2.CreateLeadsResponse:
        return await self._intake_leads.CreateLeads(
            request, timeout=deadline,
            metadata=traced_metadata(bearer_metadata(self.service_token())))

    async def create_lead_as_user(self, request: leads_pb2.CreateLeadRequest, *,
                                  user_token: str) -> leads_pb2.CreateLeadResponse:
        """Manual entry: the caller's own token, so the service knows who typed it in."""
        return await self.leads.CreateLead(request, timeout=self._timeout,
                                           metadata=bearer_metadata(user_token))

    async def merge_leads(self, lead_id: str, other_lead_id: str, *, user_token: str
                          ) -> leads_pb2.LeadMerge:
        return await self.leads.MergeLeads(
            leads_pb2.MergeLeadsRequest(lead_id=lead_id, other_lead_id=other_lead_id),
            timeout=self._timeout, metadata=bearer_metadata(user_token))

    async def unmerge_leads(self, lead_id: str, merge_id: str, *, user_token: str
                            ) -> leads_pb2.LeadMerge:
        return await self.leads.UnmergeLeads(
            leads_pb2.UnmergeLeadsRequest(lead_id=lead_id, merge_id=merge_id),
            timeout=self._timeout, metadata=bearer_metadata(user_token))

    async def get_lead(self, lead_id: str, *, user_token: str) -> leads_pb2.Lead:
        return await self.leads.GetLead(
            leads_pb2.GetLeadRequest(lead_id=lead_id), timeout=self._timeout,
            metadata=bearer_metadata(user_token))

    async def call_leads(self, method: str, request: Message, *, user_token: str) -> Any:
        """Any LeadService RPC under the caller's JWT, so the service scopes it."""
        rpc = getattr(self.leads, method)
        return await rpc(request, timeout=self._timeout, metadata=bearer_metadata(user_token))
    async def update_qualification(self, request: leads_pb2.UpdateQualificationRequest, *,
                                   user_token: str) -> leads_pb2.Lead:
        return await self.leads.UpdateQualification(
            request, timeout=self._timeout, metadata=bearer_metadata(user_token))

    async def list_leads(self, request: leads_pb2.ListLeadsRequest, *, user_token: str
                         ) -> leads_pb2.ListLeadsResponse:
        return await self.leads.ListLeads(request, timeout=self._timeout,
                                          metadata=bearer_metadata(user_token))

    def stream_leads(self, request: leads_pb2.ListLeadsRequest, *, user_token: str,
                     timeout: float) -> AsyncIterator[leads_pb2.Lead]:
        return self.leads.StreamLeads(request, timeout=timeout,
                                      metadata=bearer_metadata(user_token))

    async def start_import(self, chunks: AsyncIterator[leads_pb2.ImportChunk], *,
                           user_token: str, deadline: float) -> leads_pb2.ImportStatus:
        return await self.leads.StartImport(chunks, timeout=deadline,
                                            metadata=bearer_metadata(user_token))

    async def get_import(self, import_id: str, *, user_token: str) -> leads_pb2.ImportStatus:
        return await self.leads.GetImport(leads_pb2.GetImportRequest(import_id=import_id),
                                          timeout=self._timeout,
                                          metadata=bearer_metadata(user_token))

    async def list_imports(self, *, user_token: str, page_size: int, page_token: str
                           ) -> leads_pb2.ListImportsResponse:
        return await self.leads.ListImports(
            leads_pb2.ListImportsRequest(page_size=page_size, page_token=page_token),
            timeout=self._timeout, metadata=bearer_metadata(user_token))

    def import_errors(self, import_id: str, *, user_token: str, timeout: float
                      ) -> AsyncIterator[leads_pb2.ImportError]:
        return self.leads.ListImportErrors(leads_pb2.GetImportRequest(import_id=import_id),
                                           timeout=timeout, metadata=bearer_metadata(user_token))

    async def list_inbox(self, *, user_token: str, page_size: int, page_token: str,
                         changed_after: int | None = None, with_late_changes: bool = False,
                         state: str = "") -> notifications_pb2.ListInboxResponse:
        """A page of the caller's inbox; with `changed_after`, the items created or
        rewritten after that version instead, oldest change first (`with_late_changes`:
        and those that may have committed after it, see inbox_replay)."""
        return await self.notifications.ListInbox(
            notifications_pb2.ListInboxRequest(page_size=page_size, page_token=page_token,
                                               changed_after=changed_after,
                                               with_late_changes=with_late_changes,
                                               state=state),
            timeout=self._timeout, metadata=bearer_metadata(user_token))

    async def call_notifications(self, method: str, request: Message, *, user_token: str
                                 ) -> Any:
        """Any NotificationService RPC under the caller's JWT (their own inbox and settings)."""
        rpc = getattr(self.notifications, method)
        return await rpc(request, timeout=self._timeout, metadata=bearer_metadata(user_token))

    async def close(self) -> None:
        await self._leads_channel.close()
        await self._intake_channel.close()
        await self._notifications_channel.close()
