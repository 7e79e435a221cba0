"""OpenAPI that tells the truth about errors: every operation documents its problem+json
answers (FastAPI would otherwise advertise its own 422 shape, which we never send)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from gateway.problems import PROBLEM_JSON
from gateway.schemas import ProblemRead

_REF = {"$ref": "#/components/schemas/Problem"}
_COMMON = {
    "401": "未认证或凭据无效 (unauthorized)",
    "413": "请求体超过 64 KiB (payload_too_large)",
    "422": "请求参数有误, `field` 指明字段 (validation_error)",
    "503": "依赖暂时不可用, 见 Retry-After (service_unavailable)",
}


def _problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_JSON: {"schema": _REF}}}


def install_openapi(app: FastAPI) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        problem = ProblemRead.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(problem.pop("$defs", {}))
        components["Problem"] = problem
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        for path, path_item in schema.get("paths", {}).items():
            if not path.startswith("/api/"):
                continue
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for status, description in _COMMON.items():
                    responses[status] = _problem_response(description)
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
