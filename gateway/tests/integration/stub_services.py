"""Stand-ins for the leads and notifications services behind a real gRPC server with the
real auth interceptor, so the tests see exactly what the gateway sends over the wire
(metadata, idempotency key, deadline) and how it maps what comes back. The services'
own behaviour is tested in their packages and end to end."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from salesos.leads.v1 import leads_pb2, leads_pb2_grpc
from salesos.notifications.v1 import notifications_pb2, notifications_pb2_grpc
from servicekit.auth import Principal, current_principal
from servicekit.errors import FieldError, NotFound


@dataclass
class Seen:
    creates: list[tuple[leads_pb2.CreateLeadRequest, Principal]] = field(default_factory=list)
    metadata: list[dict[str, Any]] = field(default_factory=list)
    reads: list[Principal] = field(default_factory=list)
    inbox_requests: list[tuple[notifications_pb2.ListInboxRequest, Principal]] = field(
        default_factory=list)


class StubLeads(leads_pb2_grpc.LeadServiceServicer):
    def __init__(self, seen: Seen) -> None:
        self.seen = seen
        self.by_key: dict[str, str] = {}

    async def CreateLead(self, request: leads_pb2.CreateLeadRequest, context: Any
                         ) -> leads_pb2.CreateLeadResponse:
        self.seen.creates.append((request, current_principal()))
        self.seen.metadata.append(dict(context.invocation_metadata()))
        if not request.phone and not request.email:
            raise FieldError("phone", "电话和邮箱至少填写一项")
        if request.phone == "12345":
            raise FieldError("phone", "电话号码格式不正确")
        created = request.idempotency_key not in self.by_key
        lead_id = self.by_key.setdefault(request.idempotency_key, str(uuid.uuid4()))
        return leads_pb2.CreateLeadResponse(lead_id=lead_id, created=created)

    async def CreateLeads(self, request: leads_pb2.CreateLeadsRequest, context: Any
                          ) -> leads_pb2.CreateLeadsResponse:
        """What the gateway's intake batcher calls: each item answered like CreateLead."""
        response = leads_pb2.CreateLeadsResponse()
        for item in request.items:
            result = response.results.add()
            try:
                result.lead.CopyFrom(await self.CreateLead(item.lead, context))
            except FieldError as error:
                result.error_field, result.error_message = error.field, error.message
        return response

    async def GetLead(self, request: leads_pb2.GetLeadRequest, context: Any) -> leads_pb2.Lead:
        self.seen.reads.append(current_principal())
        if request.lead_id not in self.by_key.values():
            raise NotFound("lead not found")
        assigned = Timestamp(seconds=1_790_000_000)
        return leads_pb2.Lead(id=request.lead_id, status="assigned", owner_id="u1",
                              owner_username="rep01", assigned_at=assigned, source="web_form",
                              company="苏州精密机械", name="张三", province="江苏",
                              created_at=assigned)


class StubNotifications(notifications_pb2_grpc.NotificationServiceServicer):
    def __init__(self, seen: Seen) -> None:
        self.seen = seen

    async def ListInbox(self, request: notifications_pb2.ListInboxRequest, context: Any
                        ) -> notifications_pb2.ListInboxResponse:
        self.seen.inbox_requests.append((request, current_principal()))
        item = notifications_pb2.InboxItem(id="n1", kind="lead_assigned",
                                           title="新线索已分配给您：苏州精密机械 张三",
                                           created_at=Timestamp(seconds=1_790_000_000))
        return notifications_pb2.ListInboxResponse(items=[item], next_page_token="next-1")


def register(server: grpc.aio.Server, seen: Seen) -> list[str]:
    leads_pb2_grpc.add_LeadServiceServicer_to_server(StubLeads(seen), server)
    notifications_pb2_grpc.add_NotificationServiceServicer_to_server(
        StubNotifications(seen), server)
    return ["salesos.leads.v1.LeadService", "salesos.notifications.v1.NotificationService"]
