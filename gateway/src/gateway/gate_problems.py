"""A stage move refused by its gates: the pipeline's FAILED_PRECONDITION carries one
`gate` violation per unmet criterion; the answer is 409 `gate_failed` listing them in
`unmet` ({code, message}), so a client can show each missing item."""

from __future__ import annotations

import grpc
from fastapi.responses import JSONResponse
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from gateway.problems import PROBLEM_JSON, Problem


def unmet_of(error: grpc.aio.AioRpcError) -> list[dict[str, str]] | None:
    """The unmet criteria, or None when the error is not a failed gate."""
    if error.code() != grpc.StatusCode.FAILED_PRECONDITION:
        return None
    status = rpc_status.from_call(error)  # type: ignore[arg-type]
    for detail in status.details if status else ():
        if detail.Is(error_details_pb2.PreconditionFailure.DESCRIPTOR):
            failure = error_details_pb2.PreconditionFailure()
            detail.Unpack(failure)
            return [{"code": v.subject, "message": v.description} for v in failure.violations
                    if v.type == "gate"]
    return None


def gate_failed(unmet: list[dict[str, str]], instance: str) -> JSONResponse:
    problem = Problem(409, "gate_failed", detail="未满足进入该阶段的条件：" +
                      "；".join(u["message"] for u in unmet))
    return JSONResponse(problem.body(instance) | {"unmet": unmet}, status_code=409,
                        media_type=PROBLEM_JSON)
