"""What work orders listen to: pipeline.stage_changed (durable `workorders` on PIPELINE)
opens a 技术部 order when a deal enters 方案设计 asking for non-standard support."""

from __future__ import annotations

from google.protobuf.message import Message
from salesos.events.v1 import pipeline_pb2 as pipeline_events
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.consumer import Handler, Subscription
from servicekit.uow import UnitOfWork

from workorders.service_layer import ordering
from workorders.service_layer.deps import Deps

DURABLE = "workorders"


def on_stage_changed(deps: Deps) -> Handler:
    async def handle(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
        if not isinstance(payload, pipeline_events.StageChanged):
            raise TypeError(f"{envelope.type}: unexpected payload {payload.DESCRIPTOR.full_name}")
        await ordering.open_from_stage_change(uow, payload, deps)

    return handle


def subscriptions(deps: Deps, *, max_deliver: int = 5) -> list[Subscription]:
    return [Subscription(durable=DURABLE, stream="PIPELINE",
                         filter_subject="pipeline.stage_changed",
                         handler=on_stage_changed(deps), max_deliver=max_deliver)]
