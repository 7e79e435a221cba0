"""What the notifications service listens to on JetStream: one durable per stream, each
shared by every replica, so each event notifies once, not once per pod."""

from __future__ import annotations

from servicekit.consumer import Subscription

from notifications.service_layer import handlers, notify
from notifications.service_layer.deps import Deps

# stream -> subjects; the durable is `<prefix>` for LEADS (its name before issue 5) and
# `<prefix>-<stream>` for the others.
STREAMS = {"PIPELINE": "pipeline.>", "WORKORDERS": "workorders.>",
           "INCENTIVES": "incentives.>"}


def subscriptions(deps: Deps, *, max_deliver: int,
                  prefix: str = "notifications") -> list[Subscription]:
    subs = [Subscription(durable=prefix, stream="LEADS", filter_subject="leads.>",
                         # only the events that concern people: leads.created, half of every
                         # burst, is never delivered here
                         filter_subjects=handlers.SUBJECTS,
                         handler=handlers.on_lead_event, max_deliver=max_deliver,
                         # a burst's inbox items written in one transaction per fetched batch;
                         # under a backlog a bigger batch costs less per lead (a second fetch
                         # loop split small bursts into more transactions: more CPU per lead)
                         batch_handler=handlers.on_lead_events, batch=200,
                         # a batch costs ~2-3 ms of round trips whatever its size: under load, up to
                         # 100 ms more for the first event of a flow buys batches of dozens
                         gather_seconds=0.1,
                         # a span per event cost ~15% of this consumer's CPU
                         span_per_batch=True)]
    on_event = notify.handler(deps)
    for stream, subject in STREAMS.items():
        subs.append(Subscription(durable=f"{prefix}-{stream.lower()}", stream=stream,
                                 filter_subject=subject, handler=on_event,
                                 max_deliver=max_deliver))
    return subs
