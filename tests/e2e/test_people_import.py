"""An admin onboarding a sales team imports it from Excel through the running system: the
reps log in with the temporary passwords the import handed out, must choose their own
before anything else, and importing the same file again creates nobody twice."""

from __future__ import annotations

import io
import uuid

import httpx
import pytest
from openpyxl import Workbook

from tests.e2e.helpers import ADMIN_USERS, first_login

pytestmark = pytest.mark.e2e
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["用户名", "姓名", "角色", "所属区域", "部门", "上级", "管理的区域"]


def team_sheet(tag: str) -> bytes:
    """西南's new team under a title line: two reps listed above their new manager."""
    book = Workbook()
    book.active.append([f"西南新团队 {tag}"])
    book.active.append(HEADERS)
    book.active.append([f"e2e-{tag}-r1", "蜀雨", "销售", "西南", "销售部", f"e2e-{tag}-m", ""])
    book.active.append([f"e2e-{tag}-r2", "巴山", "rep", "west", "销售部", f"e2e-{tag}-m", ""])
    book.active.append([f"e2e-{tag}-m", "锦城", "经理", "西南", "销售部", "director", "西南"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_imported_reps_log_in_with_their_temporary_password_and_must_change_it(
        client: httpx.Client, admin: dict[str, str]) -> None:
    sheet = team_sheet(uuid.uuid4().hex[:6])
    imported = client.post(f"{ADMIN_USERS}/import", headers=admin,
                           files={"file": ("西南团队.xlsx", sheet, XLSX)})
    assert imported.status_code == 201, imported.text
    hired = imported.json()["users"]
    try:
        assert imported.json()["created"] == 3 and len(hired) == 3
        for rep in hired[:2]:
            answer = client.post("/api/v1/auth/token", json={
                "username": rep["username"], "password": rep["temporary_password"]})
            assert answer.status_code == 200, answer.text
            temporary = {"Authorization": f"Bearer {answer.json()['access_token']}"}
            refused = client.get("/api/v1/leads", headers=temporary)
            assert refused.status_code == 403
            assert refused.json()["code"] == "password_change_required"
            own = first_login(client, rep["username"], rep["temporary_password"])
            me = client.get("/api/v1/me", headers=own).json()
            assert (me["username"], me["role"]) == (rep["username"], "rep")
        again = client.post(f"{ADMIN_USERS}/import", headers=admin,
                            files={"file": ("西南团队.xlsx", sheet, XLSX)})
        assert again.status_code == 201, again.text
        assert again.json() == {"created": 0, "unchanged": 3, "users": []}
    finally:  # the shared stack keeps no active hire of a story
        for person in hired:
            found = client.get(ADMIN_USERS, params={"q": person["username"]},
                               headers=admin).json()["items"]
            client.patch(f"{ADMIN_USERS}/{found[0]['id']}", headers=admin,
                         json={"active": False})
