"""Which deadlines of a job keep failing, and when each may be tried again.

A row whose handler raises (a bug, data it cannot make sense of) stays due: deadlines are
never dropped. Retried on every tick, one such row cost its job a rolled-back batch and an
error line per second forever. Instead each failure pushes the row's next try out
exponentially (1 s, 2 s, 4 s … capped at 15 min) and the scheduler leaves it out of its
batches until then.

The book is kept in memory, per process, not in the deadline tables: the tables belong to
the services and stay `id, due_at, fired_at`. Consequences, on purpose: a restart forgets
the book and retries every failing row at once (then backs off again), and each replica
keeps its own book, so with N replicas a poison row is tried up to N times per step.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

FIRST_SECONDS = 1.0
CAP_SECONDS = 15 * 60.0


@dataclass(frozen=True)
class Retry:
    attempts: int  # failures so far
    at: datetime  # not tried again before this


class FailingRows:
    def __init__(self, *, first_seconds: float = FIRST_SECONDS,
                 cap_seconds: float = CAP_SECONDS) -> None:
        self.first_seconds, self.cap_seconds = first_seconds, cap_seconds
        self._rows: dict[Any, Retry] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def ids(self) -> list[Any]:
        return list(self._rows)

    def get(self, row_id: Any) -> Retry | None:
        return self._rows.get(row_id)

    def ready(self, now: datetime) -> list[Any]:
        """Rows whose backoff is over, the longest waiting first."""
        return [i for i, r in sorted(self._rows.items(), key=lambda kv: kv[1].at) if r.at <= now]

    def failed(self, row_id: Any, now: datetime) -> Retry:
        attempts = self._rows[row_id].attempts + 1 if row_id in self._rows else 1
        delay = min(self.first_seconds * 2 ** (attempts - 1), self.cap_seconds)
        self._rows[row_id] = retry = Retry(attempts, now + timedelta(seconds=delay))
        return retry

    def forget(self, row_id: Any) -> None:
        self._rows.pop(row_id, None)

    def keep_only(self, still_due: Collection[Any]) -> None:
        """Forget rows no longer due: fired by another replica, moved, deleted."""
        for row_id in [i for i in self._rows if i not in still_due]:
            del self._rows[row_id]
