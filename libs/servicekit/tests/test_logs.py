"""A log line can be found from the trace it belongs to, and the other way round."""

from __future__ import annotations

import json
import logging

from opentelemetry.sdk.trace import TracerProvider
from servicekit.logs import setup_logging


def test_a_log_line_is_json_with_the_current_trace_id(capsys) -> None:
    setup_logging("leads")
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("assign") as span:
        logging.getLogger("leads.test").warning("线索已分配 %s", "L1")
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["message"] == "线索已分配 L1"
    assert line["service"] == "leads" and line["level"] == "WARNING"
    assert line["trace_id"] == format(span.get_span_context().trace_id, "032x")
    assert line["time"].endswith("+00:00")
