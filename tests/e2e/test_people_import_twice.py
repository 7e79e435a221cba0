"""An admin double-clicks 导入 on the staff list: the same file goes up twice at once. One
upload creates the people (their temporary passwords shown once), the other finds them
there and answers them `unchanged` — not 「用户名已被使用」 on every row, which read as
if the import had failed. The story stops the people it created."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e
USERS = "/api/v1/admin/users"


def test_the_same_people_file_uploaded_twice_at_once_creates_them_once(
    stack: Any, client: httpx.Client, admin: dict[str, str],
) -> None:
    tag = uuid.uuid4().hex[:6]
    sheet = ("用户名,姓名,角色,所属区域,部门,上级\n"
             f"e2e-{tag}-a,双击甲{tag},销售,华东,销售部,mgr-east\n"
             f"e2e-{tag}-b,双击乙{tag},销售,华东,销售部,mgr-east\n").encode()

    def upload(_: int) -> httpx.Response:
        with httpx.Client(base_url=str(client.base_url), timeout=60) as own:
            return own.post(f"{USERS}/import", headers=admin,
                            files={"file": ("名单.csv", sheet, "text/csv")})

    try:
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(upload, range(2)))
        assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
        counts = sorted((a.json()["created"], a.json()["unchanged"]) for a in answers)
        assert counts == [(0, 2), (2, 0)], counts
    finally:
        found = client.get(USERS, params={"q": f"e2e-{tag}"}, headers=admin).json()["items"]
        for person in found:
            client.patch(f"{USERS}/{person['id']}", json={"active": False}, headers=admin)
