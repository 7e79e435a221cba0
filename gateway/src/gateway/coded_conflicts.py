"""Conflicts a client must tell from the others: a service's FAILED_PRECONDITION carrying
a `google.rpc.ErrorInfo` (servicekit.errors.CodedConflict) whose reason the gateway knows
becomes 409 with that reason as the problem `code` and the extension members a client acts
on. A reason not listed here stays a plain `conflict`: codes are a contract, so each one
is chosen here and documented in the README, not invented by a service."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import grpc
from servicekit.errors import error_info

from gateway.problems import Problem


def _workorder_closed(facts: Mapping[str, str]) -> dict[str, Any]:
    order_id = facts.get("work_order_id", "")
    return {"work_order_id": order_id, "state": facts.get("state", ""),
            "follow_up_url": f"/api/v1/workorders/{order_id}/follow-up"}


EXTENSIONS: dict[str, Callable[[Mapping[str, str]], dict[str, Any]]] = {
    "workorder_closed": _workorder_closed,
}


def coded_conflict(error: grpc.aio.AioRpcError) -> Problem | None:
    """The 409 of a known coded conflict; None for any other error."""
    if error.code() != grpc.StatusCode.FAILED_PRECONDITION:
        return None
    try:
        found = error_info(error)
    except ValueError:  # status detail inconsistent with the call: a plain conflict
        return None
    if found is None or found[0] not in EXTENSIONS:
        return None
    reason, facts = found
    return Problem(409, reason, detail=error.details() or "",
                   extensions=EXTENSIONS[reason](facts))
