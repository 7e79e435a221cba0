"""An import's events, built a batch at a time, are the envelopes a single event gets."""

from __future__ import annotations

import uuid

from opentelemetry.sdk.trace import TracerProvider
from salesos.events.v1.leads_pb2 import LeadCreated
from servicekit.envelope import new_envelope, new_envelopes, unpack


def test_a_batch_of_events_gets_ordered_ids_and_the_batchs_trace() -> None:
    tracer = TracerProvider().get_tracer("test")
    leads = [str(uuid.uuid4()) for _ in range(3)]
    with tracer.start_as_current_span("import batch") as span:
        made = new_envelopes([(LeadCreated(lead_id=i), "leads.created", i) for i in leads],
                             source="leads")
        single = new_envelope(LeadCreated(lead_id=leads[0]), type="leads.created",
                              source="leads", aggregate_id=leads[0])
    trace_id = f"{span.get_span_context().trace_id:032x}"
    keys = [key for key, _ in made]
    assert keys == sorted(keys) and len(set(keys)) == 3
    for (key, envelope), lead_id in zip(made, leads, strict=True):
        assert envelope.id == str(key) and envelope.aggregate_id == lead_id
        assert (envelope.type, envelope.source) == (single.type, single.source)
        assert envelope.traceparent == single.traceparent and trace_id in envelope.traceparent
        assert envelope.occurred_at.seconds > 0
        assert unpack(envelope, LeadCreated).lead_id == lead_id  # type: ignore[attr-defined]
