"""A department code as people send it, checked against the org directory once for every
use case that takes one (opening an order, a list filter, a chain)."""

from __future__ import annotations

from servicekit.errors import FieldError

from workorders.adapters.org import Department
from workorders.service_layer.deps import Deps


async def known(code: str, deps: Deps) -> Department:
    """The directory's department of that code, else 422 naming `department` with the
    codes there are: 「技术部」 typed where `engineering` belongs must not read as a
    department without orders."""
    found = await deps.org.department(code.strip())
    if found is None:
        codes = "、".join(f"{d.code}（{d.name}）" for d in
                         (await deps.org.departments()).values())
        raise FieldError("department", f"未知部门；可选：{codes}" if codes else "未知部门")
    return found
