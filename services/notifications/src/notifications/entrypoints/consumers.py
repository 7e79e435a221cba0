"""What the notifications service listens to on JetStream."""

from __future__ import annotations

from servicekit.consumer import Subscription
from servicekit.settings import ServiceSettings

from notifications.service_layer import handlers


def subscriptions(settings: ServiceSettings) -> list[Subscription]:
    # One durable shared by every replica, so each event notifies once, not once per pod.
    return [
        Subscription(durable="notifications", stream="LEADS", filter_subject="leads.>",
                     handler=handlers.on_lead_event, max_deliver=settings.max_deliver,
                     # a burst's inbox items written in one transaction per fetched batch
                     batch_handler=handlers.on_lead_events),
    ]
