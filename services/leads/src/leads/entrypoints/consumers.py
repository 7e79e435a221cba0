"""What the leads service listens to: its own leads.created, to assign each new lead."""

from __future__ import annotations

from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2 as events_pb2
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.batching import BatchHandler, Delivery
from servicekit.consumer import Handler, Subscription
from servicekit.uow import UnitOfWork

from leads.domain.commands import AssignLead
from leads.service_layer import handlers
from leads.service_layer.intake_inline import ASSIGNER


def assigner(deps: handlers.Deps) -> Handler:
    async def on_lead_created(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
        if not isinstance(payload, events_pb2.LeadCreated):
            raise TypeError(f"{envelope.type}: unexpected payload {payload.DESCRIPTOR.full_name}")
        await handlers.assign_lead(AssignLead(lead_id=payload.lead_id,
                                              import_id=payload.import_id), uow, deps)

    return on_lead_created


def batch_assigner(deps: handlers.Deps) -> BatchHandler:
    """A burst's leads.created assigned together: one transaction, each team's turn
    locked once (handlers.assign_leads); each lead's leads.assigned stays in its trace."""
    async def on_leads_created(uow: UnitOfWork, deliveries: list[Delivery]) -> None:
        by_lead: dict[str, Delivery] = {}
        for delivery in deliveries:
            payload = delivery.payload
            if not isinstance(payload, events_pb2.LeadCreated):
                raise TypeError(f"{delivery.envelope.type}: unexpected payload "
                                f"{payload.DESCRIPTOR.full_name}")
            by_lead.setdefault(payload.lead_id, delivery)
        await handlers.assign_leads(
            [AssignLead(lead_id=lead_id, import_id=d.payload.import_id)
             for lead_id, d in by_lead.items()],
            uow, deps, traced=lambda lead_id: by_lead[lead_id].traced())

    return on_leads_created


def subscriptions(deps: handlers.Deps, *, max_deliver: int = 5) -> list[Subscription]:
    return [Subscription(durable=ASSIGNER, stream="LEADS", filter_subject="leads.created",
                         handler=assigner(deps), batch_handler=batch_assigner(deps),
                         loops=2, max_deliver=max_deliver)]
