"""What incentives listens to: every stream it scores, one durable per stream.

Each event becomes zero or more facts in the append-only log (the inbox makes redelivery a
no-op; the event id as the fact's key makes a replay one too); a service touch (a visit
report, a work order closed and not cancelled) also issues a satisfaction survey.
"""

from __future__ import annotations

from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2, pipeline_pb2, workorders_pb2  # noqa: F401 (payload types)
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.batching import each
from servicekit.consumer import Handler, Subscription
from servicekit.uow import UnitOfWork

from incentives.adapters import fact_repo
from incentives.service_layer import surveys
from incentives.service_layer.deps import Deps
from incentives.service_layer.fact_mapping import facts_of

STREAMS = (("incentives-leads", "LEADS", "leads.>"),
           ("incentives-pipeline", "PIPELINE", "pipeline.>"),
           ("incentives-workorders", "WORKORDERS", "workorders.>"))


async def touch_survey(uow: UnitOfWork, payload: Message, deps: Deps) -> None:
    if isinstance(payload, pipeline_pb2.VisitReported):
        await surveys.issue(uow, deps, subject_type="visit", subject_id=payload.visit_id,
                            rep_id=payload.rep_id or payload.owner_id,
                            region_id=payload.region_id, account_name=payload.account_name,
                            contact_phone=payload.contact_phone)
    elif isinstance(payload, workorders_pb2.WorkOrderClosed) and not payload.cancelled:
        ref = payload.ref
        await surveys.issue(uow, deps, subject_type="work_order", subject_id=ref.work_order_id,
                            rep_id=ref.requester_id, region_id=ref.region_id,
                            account_name=ref.title)


def on_event(deps: Deps) -> Handler:
    async def handle(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
        await fact_repo.append(uow.session, facts_of(envelope, payload))
        await touch_survey(uow, payload, deps)

    return handle


def subscriptions(deps: Deps, *, max_deliver: int = 5) -> list[Subscription]:
    """A fetched batch is applied in one transaction (most events of these streams score
    nothing, and a first start replays each stream from its beginning); a failed batch is
    redone one by one."""
    return [Subscription(durable=durable, stream=stream, filter_subject=subject,
                         handler=on_event(deps), batch_handler=each(on_event(deps)),
                         max_deliver=max_deliver)
            for durable, stream, subject in STREAMS]
