"""What the pipeline domain refuses, in words a user can act on (zh-CN)."""

from __future__ import annotations

from dataclasses import dataclass


class InvalidField(ValueError):
    """Bad input in one field (→ 422 naming it); nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class TransitionRefused(Exception):
    """The deal's state does not allow this step at all (→ 409 conflict)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Unmet:
    code: str      # `no_skipping`, `step:<step id>`, or a gate code such as `needs_record_complete`
    message: str
    # What the message names, for readers of other languages (pipeline.stage_gate_blocked's
    # `unmet_criteria`): a step's `label`; `next` / `next_label` or `to` of `no_skipping`.
    params: tuple[tuple[str, str], ...] = ()


class GateFailed(Exception):
    """Entry criteria of the target stage are not met (→ 409 `gate_failed` with `unmet`)."""

    def __init__(self, unmet: list[Unmet]) -> None:
        super().__init__("; ".join(u.message for u in unmet))
        self.unmet = unmet
