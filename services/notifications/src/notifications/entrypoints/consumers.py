"""What the notifications service listens to on JetStream: one durable per stream, each
shared by every replica, so each event notifies once, not once per pod."""

from __future__ import annotations

from google.protobuf.message import Message
from salesos.events.v1.envelope_pb2 import Envelope
from servicekit.batching import Delivery
from servicekit.consumer import BatchHandler, Handler, Subscription
from servicekit.uow import UnitOfWork

from notifications.service_layer import handlers, notify
from notifications.service_layer.deps import Deps

# stream -> subjects; the durable is `<prefix>` for LEADS (its name before issue 5) and
# `<prefix>-<stream>` for the others.
STREAMS = {"PIPELINE": "pipeline.>", "WORKORDERS": "workorders.>",
           "INCENTIVES": "incentives.>"}


def subscriptions(deps: Deps, *, max_deliver: int,
                  prefix: str = "notifications") -> list[Subscription]:
    on_lead, on_leads = lead_handlers(deps)
    subs = [Subscription(durable=prefix, stream="LEADS", filter_subject="leads.>",
                         # only the events that concern people: leads.created, half of every
                         # burst, is never delivered here
                         filter_subjects=tuple(dict.fromkeys((*handlers.SUBJECTS,
                                                              *notify.LEAD_SUBJECTS))),
                         handler=on_lead, max_deliver=max_deliver,
                         # a burst's inbox items written in one transaction per fetched batch;
                         # under a backlog a bigger batch costs less per lead (a second fetch
                         # loop split small bursts into more transactions: more CPU per lead)
                         batch_handler=on_leads, batch=200,
                         # an import's per-lead events: acked, no inbox row (says_nothing)
                         silent=handlers.says_nothing,
                         # a batch costs ~2-3 ms of round trips whatever its size: under load, up to
                         # 100 ms more for the first event of a flow buys batches of dozens
                         gather_seconds=0.1,
                         # a span per event cost ~15% of this consumer's CPU
                         span_per_batch=True)]
    for stream, subject in STREAMS.items():
        subs.append(Subscription(durable=f"{prefix}-{stream.lower()}", stream=stream,
                                 filter_subject=subject, handler=notify.handler(deps),
                                 max_deliver=max_deliver))
    return subs


def lead_handlers(deps: Deps) -> tuple[Handler, BatchHandler]:
    """The LEADS durable's handlers: most lead events are drafted from what they carry
    (handlers.DRAFTS, a whole batch at once); an unassignable lead's recipients, its
    region's managers, and the names in a handover's texts are asked of the OrgDirectory
    (notify.py), one event at a time."""
    notice = notify.handler(deps)

    async def one(uow: UnitOfWork, envelope: Envelope, payload: Message) -> None:
        if envelope.type in notify.LEAD_SUBJECTS:
            await notice(uow, envelope, payload)
        else:
            await handlers.on_lead_event(uow, envelope, payload)

    async def many(uow: UnitOfWork, deliveries: list[Delivery]) -> None:
        for d in deliveries:
            if d.envelope.type in notify.LEAD_SUBJECTS:
                await notice(uow, d.envelope, d.payload)
        await handlers.on_lead_events(uow, [d for d in deliveries
                                            if d.envelope.type not in notify.LEAD_SUBJECTS])

    return one, many
