"""Unique customers: since one customer is one lead, tests that want several leads need
several customers (phone, email and company + contact all different)."""

from __future__ import annotations

import uuid


def customer(**overrides: str) -> dict[str, str]:
    n = uuid.uuid4().int
    fields = {"name": f"王伟{n % 1_000_000}", "company": f"精工机械{n % 10**8}有限公司",
              "phone": f"139{n % 10**8:08d}", "email": f"w{n % 10**12}@example.cn"}
    return fields | overrides
