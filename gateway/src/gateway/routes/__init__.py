"""Thin routers, one per resource. Each carries the full `/api/v1` prefix itself, so a
route's `path` is its whole template (metrics and access logs label by it)."""

API_PREFIX = "/api/v1"
