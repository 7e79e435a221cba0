"""RFC 9457 problem+json for every error the gateway answers.

Each problem has a stable `code` clients can branch on, and names the offending
`field` when there is one (`errors` lists every field for validation failures).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi.responses import JSONResponse

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://salesos.example/problems/"

# Default zh-CN titles per code; a problem's `detail` carries the specifics.
TITLES: dict[str, str] = {
    "validation_error": "请求参数有误",
    "unauthorized": "未认证或凭据无效",
    "forbidden": "无权访问",
    "password_change_required": "需要修改密码",
    "not_found": "资源不存在",
    "method_not_allowed": "不支持的请求方法",
    "conflict": "资源状态冲突",
    "workorder_closed": "工单已结束",  # closed or cancelled; `follow_up_url` carries it on
    "gate_failed": "未满足进入该阶段的条件",  # a stage gate; `unmet` lists each criterion
    "gone": "链接已过期",  # an expired one-time link (surveys; a used one is 409)
    "precondition_failed": "资源已被他人修改",  # If-Match names a replaced version
    "payload_too_large": "请求体过大",
    "export_too_large": "导出的行数超过上限",
    "unsupported_media_type": "不支持的内容类型",
    "rate_limited": "请求过于频繁",
    "service_unavailable": "服务暂时不可用，请稍后重试",
    "bad_gateway": "上游服务出错",
    "internal_error": "服务器内部错误",
}


# Control and invisible format characters (NUL, line breaks, zero-width space, bidi
# overrides). Problems quote what was sent (「不是中国大陆的省级行政区：湖北\x00」), and a
# NUL or a bidi override echoed back hides or reorders the very text that is wrong.
_UNSEEN = frozenset({"Cc", "Cf"})


def shown(text: str) -> str:
    """`text` as a problem may echo it: each control or invisible character written as
    its code (\\u0000), so the reader sees that it is there and where."""
    if text.isprintable():
        return text
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _UNSEEN else ch
                   for ch in text)


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


@dataclass(eq=False)  # exceptions must stay hashable
class Problem(Exception):
    """Raise anywhere in a request; the exception handler renders it."""

    status: int
    code: str
    detail: str = ""
    field: str | None = None
    errors: list[FieldProblem] = dataclasses.field(default_factory=list)
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    # RFC 9457 extension members of this code (a closed work order's `follow_up_url`).
    extensions: dict[str, Any] = dataclasses.field(default_factory=dict)

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": TYPE_BASE + self.code.replace("_", "-"),
            "title": TITLES.get(self.code) or HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": shown(self.detail or TITLES.get(self.code, "")),
            "code": self.code,
        }
        if self.field is not None:
            body["field"] = shown(self.field)
        if self.errors:
            body["errors"] = [{"field": shown(e.field), "message": shown(e.message)}
                              for e in self.errors]
        if instance:
            body["instance"] = instance
        return {**self.extensions, **body}  # the standard members win a clash

    def response(self, instance: str | None = None) -> JSONResponse:
        return JSONResponse(self.body(instance), status_code=self.status,
                            media_type=PROBLEM_JSON, headers=self.headers)


def validation_problem(errors: list[FieldProblem], detail: str = "") -> Problem:
    first = errors[0] if errors else None
    return Problem(422, "validation_error",
                   detail=detail or (f"{first.field}: {first.message}" if first else ""),
                   field=first.field if first else None, errors=errors)


def unavailable(retry_after: int, detail: str = "") -> Problem:
    return Problem(503, "service_unavailable", detail=detail,
                   headers={"Retry-After": str(retry_after)})


_CODES_BY_STATUS = {
    400: "validation_error", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type", 422: "validation_error", 429: "rate_limited",
    502: "bad_gateway", 503: "service_unavailable",
}


def code_for_status(status: int) -> str:
    return _CODES_BY_STATUS.get(status, "internal_error" if status >= 500 else "http_error")
