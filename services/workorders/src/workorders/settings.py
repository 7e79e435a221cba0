"""Settings of the workorders process, all `SALESOS_`-prefixed."""

from __future__ import annotations

from servicekit.workcal.settings import WorkdaySettings


class WorkOrdersSettings(WorkdaySettings):  # the working day: the variables leads reads
    org_timeout_seconds: float = 2.0
    # Demo only: respond within this many wall-clock minutes, each escalation level the
    # same step later, so a chain can be watched within minutes. Ignored outside demo.
    demo_wo_response_minutes: float | None = None
    data_dir: str = ".data"            # SALESOS_DATA_DIR, as the runner sets it
    attachments_dir: str = ""          # default: <data_dir>/attachments
    # Below gRPC's 4 MB message limit (the gateway forwards the bytes in one call).
    max_attachment_bytes: int = 3 * 1024 * 1024
    # Orders opened from pipeline.stage_changed are due this many working hours later.
    # Five working days of the mainland day (09:00–18:00 less 12:00–13:30 lunch: 7.5 h):
    # "5 个工作日后", what people are told. 40 (8-hour days) ran into a sixth day.
    auto_due_working_hours: float = 37.5
    clock_interval_seconds: float = 1.0
