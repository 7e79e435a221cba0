"""The people list as .xlsx (`GET /api/v1/admin/users/export.xlsx`), zh-CN headers."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from gateway.adapters.orm import User
from gateway.spreadsheets import Sheet, wall_clock
from gateway.user_rules import ROLE_ZH

HEADERS = ["用户名", "姓名", "角色", "所属区域", "部门", "上级", "管理的区域", "状态", "创建时间"]


def users_sheet(people: Sequence[User], managed: Mapping[uuid.UUID, list[uuid.UUID]],
                names: tuple[dict[uuid.UUID, str], ...]) -> Sheet:
    regions, departments, display = names
    sheet = Sheet("用户", HEADERS)
    for user in people:
        sheet.append([
            user.username, user.display_name, ROLE_ZH.get(user.role, user.role),
            regions.get(user.region_id) if user.region_id else None,
            departments.get(user.department_id) if user.department_id else None,
            display.get(user.manager_id) if user.manager_id else None,
            "、".join(regions.get(r, str(r)) for r in managed.get(user.id, [])) or None,
            "在用" if user.active else "已停用",
            wall_clock(user.created_at),
        ])
    return sheet
