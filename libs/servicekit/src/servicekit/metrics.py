"""Prometheus metrics shared by every process; each process serves `/metrics`."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

EVENTS_PUBLISHED = Counter("salesos_outbox_published_total", "Outbox events published",
                           ["source", "type"])
OUTBOX_PENDING = Gauge("salesos_outbox_pending", "Outbox rows not yet published", ["source"])
RELAY_ERRORS = Counter("salesos_outbox_relay_errors_total", "Failed publish attempts", ["source"])
OUTBOX_REFUSED = Counter("salesos_outbox_refused_total",
                         "Outbox rows NATS refused outright (over max_payload)", ["source"])
EVENTS_CONSUMED = Counter("salesos_events_consumed_total", "Events handled by a consumer",
                          ["consumer", "type", "outcome"])
# A message handed to a consumer again: its ack was lost or late, or the handler failed.
EVENTS_REDELIVERED = Counter("salesos_events_redelivered_total",
                             "Messages a consumer received more than once", ["consumer"])
DEAD_LETTERS = Counter("salesos_dead_letters_total", "Events sent to the dead-letter subject",
                       ["consumer", "type"])
JOBS_FIRED = Counter("salesos_due_jobs_fired_total", "Deadlines that came due and were handled",
                     ["job"])
JOBS_FAILED = Counter("salesos_due_jobs_failed_total",
                      "Deadline handler failures (the row stays due and backs off)", ["job"])
# Set by the scheduler every tick: this process' rows of the job backing off after a failed
# handler (servicekit.failing_rows); not counted in salesos_due_jobs_overdue.
JOBS_FAILING = Gauge("salesos_due_jobs_failing",
                     "Due deadlines whose handler keeps failing, waiting for their next try",
                     ["job"])
RPC_LATENCY = Histogram("salesos_rpc_seconds", "gRPC handling time", ["method", "code"])


def serve_metrics(port: int) -> None:
    if port:
        start_http_server(port, addr="0.0.0.0")  # scraped by Prometheus inside the cluster
