"""What incentives listens to: every stream it scores, one durable per stream.

Each durable asks JetStream only for the event types that feed a fact or issue a survey
(`fact_mapping.SCORED` + `TOUCHES`); the rest of a stream (a web form's leads.created and
leads.assigned, most of what leads publishes) is filtered out by the server. Each event
becomes zero or more facts in the append-only log (the inbox makes redelivery a no-op; the
event id as the fact's key makes a replay one too); a service touch (a visit report, a
work order closed and not cancelled) also issues a satisfaction survey.
"""

from __future__ import annotations

from google.protobuf.message import Message
from salesos.events.v1 import leads_pb2, pipeline_pb2, workorders_pb2  # noqa: F401 (payload types)
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.batching import BatchHandler, Delivery
from servicekit.consumer import Handler, Subscription
from servicekit.uow import UnitOfWork

from incentives.adapters import fact_repo
from incentives.service_layer import survey_issuing
from incentives.service_layer.deps import Deps
from incentives.service_layer.fact_mapping import SCORED, facts_of
from incentives.service_layer.survey_issuing import Touch

STREAMS = (("incentives-leads", "LEADS", "leads."),
           ("incentives-pipeline", "PIPELINE", "pipeline."),
           ("incentives-workorders", "WORKORDERS", "workorders."))
TOUCHES = frozenset({"pipeline.visit_reported", "workorders.closed"})


def touch_of(payload: Message) -> Touch | None:
    if isinstance(payload, pipeline_pb2.VisitReported):
        return Touch("visit", payload.visit_id, payload.rep_id or payload.owner_id,
                     payload.region_id, payload.account_name, payload.contact_phone)
    if isinstance(payload, workorders_pb2.WorkOrderClosed) and not payload.cancelled:
        ref = payload.ref
        return Touch("work_order", ref.work_order_id, ref.requester_id, ref.region_id,
                     ref.title)
    return None


def on_batch(deps: Deps) -> BatchHandler:
    """A fetched batch: one insert of all its facts, one of all its surveys, then each
    survey_issued staged in the trace of the event that caused it."""
    async def handle(uow: UnitOfWork, deliveries: list[Delivery]) -> None:
        await fact_repo.append(uow.session, [x for d in deliveries
                                             for x in facts_of(d.envelope, d.payload)])
        touched = [(d, t) for d in deliveries if (t := touch_of(d.payload)) is not None]
        if not touched:
            return
        issued = await survey_issuing.issue_all(uow, deps, [t for _, t in touched])
        for (delivery, _), new in zip(touched, issued, strict=True):
            if new is not None:
                with delivery.traced():
                    survey_issuing.announce(uow, deps, new)

    return handle


def on_event(deps: Deps) -> Handler:
    """One event (the path a failed batch is redone by), the same writes."""
    async def handle(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
        await fact_repo.append(uow.session, facts_of(envelope, payload))
        if (touch := touch_of(payload)) is not None:
            [new] = await survey_issuing.issue_all(uow, deps, [touch])
            if new is not None:
                survey_issuing.announce(uow, deps, new)

    return handle


def subjects(prefix: str) -> tuple[str, ...]:
    return tuple(sorted(t for t in SCORED | TOUCHES if t.startswith(prefix)))


def subscriptions(deps: Deps, *, max_deliver: int = 5) -> list[Subscription]:
    """A fetched batch is applied in one transaction (a first start replays each stream
    from its beginning); a failed batch is redone one by one."""
    return [Subscription(durable=durable, stream=stream, filter_subject=f"{prefix}>",
                         filter_subjects=subjects(prefix), handler=on_event(deps),
                         batch_handler=on_batch(deps), max_deliver=max_deliver)
            for durable, stream, prefix in STREAMS]
