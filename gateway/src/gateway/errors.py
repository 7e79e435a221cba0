"""Exception handlers: every failure leaves the gateway as problem+json.

gRPC errors from services are translated by status code; anything meaning "try again
later" (UNAVAILABLE, DEADLINE_EXCEEDED, the gateway's own database down) becomes 503
with Retry-After, never 500.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import asyncpg
import grpc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from servicekit.db import DatabaseUnavailable, is_unavailable
from servicekit.errors import field_violations
from servicekit.logs import describe
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException

from gateway.bodylimit import BodyTooLarge, too_large
from gateway.coded_conflicts import coded_conflict
from gateway.header_names import header_name
from gateway.problems import FieldProblem, Problem, code_for_status, unavailable, validation_problem
from gateway.validation_messages import message

log = logging.getLogger(__name__)


def _field_name(loc: tuple[Any, ...]) -> str:
    if len(loc) == 2 and loc[0] == "header":  # FastAPI's lower-case alias: ours instead
        return header_name(str(loc[1]))
    parts = [str(p) for p in loc[1:]] if loc and loc[0] in {"body", "query", "header",
                                                             "path", "cookie"} else list(loc)
    return ".".join(str(p) for p in parts) or str(loc[0] if loc else "body")


def _field_problem(error: dict[str, Any]) -> FieldProblem:
    if error["type"] == "json_invalid":
        # FastAPI puts the character offset where the field name goes: ("body", 8).
        where = error["loc"][-1] if error.get("loc") else None
        at = f"（第 {where} 个字符处）" if isinstance(where, int) else ""
        return FieldProblem("body", f"JSON 格式无效{at}")
    return FieldProblem(_field_name(tuple(error["loc"])), message(error))


def problem_from_validation(error: RequestValidationError) -> Problem:
    return validation_problem([_field_problem(e) for e in error.errors()])


def _unparsable_body(exc: HTTPException) -> Problem | None:
    """FastAPI's and Starlette's 400 for a body they could not even decode (JSON not in
    UTF-8 or nested too deep, broken multipart), in English and naming nothing: every
    other fault of a body is a 422 naming it, so these are too."""
    if exc.status_code != 400:
        return None
    if isinstance(exc.__cause__, ValueError | RecursionError):  # FastAPI: `from e`
        why = "请求体不是有效的 UTF-8 编码 JSON"
    elif isinstance(exc.__context__, MultiPartException):  # Starlette: inside `except`
        why = "无法解析 multipart/form-data 请求体，请以表单字段 file 上传文件"
    else:
        return None
    return validation_problem([FieldProblem("body", why)])


def problem_from_rpc(error: grpc.aio.AioRpcError, retry_after: int) -> Problem:
    code = error.code()
    if code == grpc.StatusCode.INVALID_ARGUMENT:
        try:
            violations = [FieldProblem(f, m) for f, m in field_violations(error)]
        except ValueError:  # status detail inconsistent with the call; keep the message
            violations = []
        return validation_problem(violations, detail=error.details() or "")
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        return unavailable(retry_after)
    if (coded := coded_conflict(error)) is not None:
        return coded
    simple = {
        grpc.StatusCode.NOT_FOUND: (404, "not_found"),
        grpc.StatusCode.UNAUTHENTICATED: (401, "unauthorized"),
        grpc.StatusCode.PERMISSION_DENIED: (403, "forbidden"),
        grpc.StatusCode.FAILED_PRECONDITION: (409, "conflict"),
        grpc.StatusCode.ABORTED: (412, "precondition_failed"),  # servicekit.errors.Stale
        grpc.StatusCode.ALREADY_EXISTS: (409, "conflict"),
        grpc.StatusCode.RESOURCE_EXHAUSTED: (429, "rate_limited"),
    }
    if code in simple:
        status, name = simple[code]
        return Problem(status, name, detail=error.details() or "")
    log.error("upstream gRPC error %s: %s", code, error.details())
    return Problem(502, "bad_gateway")


def _default_detail(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # a status http.HTTPStatus does not know has no default
        return ""


def problem_for(exc: Exception, retry_after: int, path: str) -> Problem:
    """The problem an exception answers as: the exception handlers below, and the lean
    intake path (lane.py), which runs outside FastAPI's handlers."""
    if isinstance(exc, Problem):
        return exc
    if isinstance(exc, BodyTooLarge):  # found while the route read a chunked body
        return too_large(exc.limit)
    if isinstance(exc, HTTPException):
        if (unparsable := _unparsable_body(exc)) is not None:
            return unparsable
        detail = exc.detail if isinstance(exc.detail, str) else ""
        if detail == _default_detail(exc.status_code):
            detail = ""  # Starlette's English default ("Not Found"): the zh-CN title instead
        return Problem(exc.status_code, code_for_status(exc.status_code), detail=detail,
                       headers=dict(exc.headers or {}))
    if isinstance(exc, RequestValidationError):
        return problem_from_validation(exc)
    if isinstance(exc, grpc.aio.AioRpcError):
        return problem_from_rpc(exc, retry_after)
    if is_unavailable(exc):
        log.warning("database unavailable: %s", describe(exc))
        return unavailable(retry_after, "数据库暂时不可用")
    log.exception("unhandled error on %s", path, exc_info=exc)
    return Problem(500, "internal_error")


def install_handlers(app: FastAPI, retry_after: int) -> None:
    async def on_error(request: Request, exc: Exception) -> JSONResponse:
        path = request.url.path
        return problem_for(exc, retry_after, path).response(path)

    # Named classes are handled inside the app (the response is final); the bare
    # Exception handler runs in Starlette's outermost middleware, which re-raises.
    for kind in (Problem, HTTPException, RequestValidationError, grpc.aio.AioRpcError,
                 SQLAlchemyError, asyncpg.PostgresError, DatabaseUnavailable, OSError,
                 Exception):
        app.add_exception_handler(kind, on_error)
