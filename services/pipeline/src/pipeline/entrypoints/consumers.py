"""What the pipeline listens to: leads.qualified opens a deal (durable `pipeline`)."""

from __future__ import annotations

from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2 as lead_events
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.consumer import Handler, Subscription
from servicekit.uow import UnitOfWork

from pipeline.service_layer import opening
from pipeline.service_layer.deps import Deps

DURABLE = "pipeline"


def on_lead_qualified(deps: Deps) -> Handler:
    async def handle(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
        if not isinstance(payload, lead_events.LeadQualified):
            raise TypeError(f"{envelope.type}: unexpected payload {payload.DESCRIPTOR.full_name}")
        await opening.open_from_lead(uow, payload, deps)

    return handle


def subscriptions(deps: Deps, *, max_deliver: int = 5) -> list[Subscription]:
    return [Subscription(durable=DURABLE, stream="LEADS", filter_subject="leads.qualified",
                         handler=on_lead_qualified(deps), max_deliver=max_deliver)]
