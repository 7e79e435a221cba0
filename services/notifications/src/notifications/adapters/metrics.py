"""Delivery outcomes as Prometheus counters (served on the process's /metrics): a channel
that keeps failing shows before anyone opens the dead-letter list."""

from __future__ import annotations

from prometheus_client import Counter

ATTEMPTS = Counter("salesos_notification_attempts_total",
                   "Delivery attempts by channel and outcome (sent, retry, dead)",
                   ["channel", "outcome"])
