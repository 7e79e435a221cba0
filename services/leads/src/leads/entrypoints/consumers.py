"""What the leads service listens to: its own leads.created, to assign each new lead."""

from __future__ import annotations

from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.consumer import Handler, Subscription
from servicekit.uow import UnitOfWork

from leads.domain.commands import AssignLead
from leads.service_layer import handlers


def assigner(deps: handlers.Deps) -> Handler:
    async def on_lead_created(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
        if not isinstance(payload, events_pb2.LeadCreated):
            raise TypeError(f"{envelope.type}: unexpected payload {payload.DESCRIPTOR.full_name}")
        await handlers.assign_lead(AssignLead(lead_id=payload.lead_id), uow, deps)

    return on_lead_created


def subscriptions(deps: handlers.Deps, *, max_deliver: int = 5) -> list[Subscription]:
    return [Subscription(durable="leads-assigner", stream="LEADS", filter_subject="leads.created",
                         handler=assigner(deps), max_deliver=max_deliver)]
