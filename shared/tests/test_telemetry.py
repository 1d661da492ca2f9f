"""Log lines carry the trace and span ids of the span they were written in."""

from __future__ import annotations

from opentelemetry.sdk.trace import TracerProvider

from fc_shared.telemetry import _add_trace_ids


def test_a_log_line_inside_a_span_carries_its_trace_and_span_ids() -> None:
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("request") as span:
        line = _add_trace_ids(None, "info", {"event": "booked"})

    context = span.get_span_context()
    assert line["trace_id"] == format(context.trace_id, "032x")
    assert line["span_id"] == format(context.span_id, "016x")


def test_a_log_line_outside_any_span_has_no_trace_ids() -> None:
    line = _add_trace_ids(None, "info", {"event": "started"})

    assert "trace_id" not in line
