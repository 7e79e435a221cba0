"""A department code as people send it, checked against the org directory once for every
use case that takes one (opening an order, a list filter, a chain)."""

from __future__ import annotations

from servicekit.errors import FieldError

from workorders.adapters.org import Department
from workorders.service_layer.deps import Deps

# Every rep and manager of every region is a member of 销售部 and would read its queue: a
# request for a salesperson goes to the deal's owner or the region's manager, in person.
# Any sales department counts, whatever its code (the directory's `kind`).
# Named: an admin's 「华南 销售部」 (or a 「技术 部」 made a sales one) refused as 「销售部」
# read as the wrong department refused.
NOT_SALES = ("「{name}」是销售部门，不受理工单（其队列全公司销售可见）：涉及某个商机的请直接联系"
             "该商机负责人，其他事项请联系相应区域的销售经理")


def not_sales(dept: Department) -> str:
    """Why `dept` takes no orders, naming it as people know it."""
    return NOT_SALES.format(name=dept.name or dept.code)


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


def takes_orders(dept: Department) -> None:
    """422 naming `department` for a department no work order may go to (销售部, or any
    department the admin created as a sales one)."""
    if dept.sales:
        raise FieldError("department", not_sales(dept))
