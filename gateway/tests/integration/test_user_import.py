"""An admin onboarding a company imports its people from the spreadsheet they keep them
in: the people export's columns, each new row held to the rules of creating one user, all
rows or none, and a temporary password for each new person, shown once."""

import io
from typing import Any

import httpx
import pytest
from gateway.adapters.orm import User
from gateway.user_import_sheet import MAX_ROWS
from gateway.user_rules import check_password
from openpyxl import Workbook, load_workbook
from sqlalchemy import update

from gateway import user_import

from .conftest import first_login, login

pytestmark = pytest.mark.integration
USERS = "/api/v1/admin/users"
IMPORT = f"{USERS}/import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["用户名", "姓名", "角色", "所属区域", "部门", "上级", "管理的区域", "状态", "创建时间"]


def workbook(*rows: list[Any], headers: list[str] = HEADERS, title: str = "") -> bytes:
    book = Workbook()
    if title:  # a list kept in Excel often opens with a title line and a blank one
        book.active.append([title])
        book.active.append([])
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload(api: httpx.AsyncClient, data: bytes, *, who: str = "admin",
                 name: str = "人员.xlsx", accept: str = "") -> httpx.Response:
    headers = {"Authorization": f"Bearer {await login(api, who)}"}
    if accept:
        headers["Accept"] = accept
    return await api.post(IMPORT, headers=headers, files={"file": (name, data, XLSX)})


async def people(api: httpx.AsyncClient, q: str) -> dict[str, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    found = (await api.get(USERS, params={"q": q, "limit": 200}, headers=headers)).json()
    return {u["username"]: u for u in found["items"]}


# A new 华南 team: its manager, two reps (one by the role's code), an engineer reporting
# to 赵工 by his name as the export writes it, and a finance clerk with nobody above.
TEAM = [["sz-mgr", "黄海", "经理", "华南", "销售部", "director", "华南", "", ""],
        ["sz-rep1", "林珊", "销售", "south", "", "sz-mgr", "", "在用", ""],
        ["sz-rep2", "邓超", "rep", "华南", "销售部", "sz-mgr", "", "", ""],
        ["sz-eng", "唐工", "工程师", "", "技术部", "赵工", "", "", ""],
        ["sz-fin", "白露", "财务", "", "财务部", "", "", "", ""]]


async def test_a_team_sheet_under_a_title_line_becomes_users_who_choose_their_passwords(
        api: httpx.AsyncClient) -> None:
    answer = await upload(api, workbook(*TEAM, title="2027 年华南团队名单"))
    assert answer.status_code == 201, answer.text
    assert answer.headers["cache-control"] == "no-store"
    body = answer.json()
    assert (body["created"], body["unchanged"]) == (5, 0)
    assert [(u["username"], u["display_name"]) for u in body["users"]] == [
        (row[0], row[1]) for row in TEAM]
    passwords = {u["username"]: u["temporary_password"] for u in body["users"]}
    for username, password in passwords.items():
        check_password(password, username=username)  # as strong as an admin's own choice
    assert len(set(passwords.values())) == 5
    made = await people(api, "sz-")
    assert made["sz-rep1"]["manager_id"] == made["sz-mgr"]["id"]
    assert made["sz-rep1"]["region_id"] == made["sz-mgr"]["managed_region_ids"][0]
    assert made["sz-eng"]["manager_id"] == (await people(api, "eng-lead"))["eng-lead"]["id"]
    assert all(u["password_temporary"] and u["active"] for u in made.values())
    await first_login(api, "sz-rep1", passwords["sz-rep1"])


async def test_several_bad_rows_are_each_named_and_nobody_is_created(
        api: httpx.AsyncClient) -> None:
    data = workbook(
        ["ok-rep", "好人", "销售", "华东", "", "mgr-east", "", "", ""],           # row 2: fine
        ["no-region", "甲", "销售", "", "", "mgr-east", "", "", ""],             # 3
        ["no-dept", "乙", "工程师", "", "", "", "", "", ""],                       # 4
        ["no-areas", "丙", "经理", "华东", "", "director", "", "", ""],            # 5
        ["bad-boss", "丁", "销售", "华东", "", "rep02", "", "", ""],               # 6
        ["rep01", "别人", "销售", "华东", "销售部", "mgr-east", "", "", ""],        # 7
        ["odd-role", "戊", "实习生", "火星", "", "", "", "", ""],                   # 8
        ["ok-rep", "好人", "销售", "华东", "", "mgr-east", "", "", ""],           # 9
        ["loop-a", "己", "经理", "华东", "", "loop-b", "华东", "", ""],             # 10
        ["loop-b", "庚", "经理", "华东", "", "loop-a", "华东", "", ""],             # 11
        ["gone", "辛", "财务", "", "财务部", "", "", "已停用", ""])                 # 12
    answer = await upload(api, data)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    body = answer.json()
    cells = [(e["row"], e["column"], e["field"]) for e in body["errors"]]
    assert cells == [
        (3, "所属区域", "rows.3.region_id"), (4, "部门", "rows.4.department_id"),
        (5, "管理的区域", "rows.5.managed_region_ids"), (6, "上级", "rows.6.manager_id"),
        (7, "姓名", "rows.7.display_name"), (8, "角色", "rows.8.role"),
        (8, "所属区域", "rows.8.region_id"), (9, "用户名", "rows.9.username"),
        (10, "上级", "rows.10.manager_id"), (11, "上级", "rows.11.manager_id"),
        (12, "状态", "rows.12.active")]
    messages = {e["field"]: e["message"] for e in body["errors"]}
    assert messages["rows.3.region_id"] == "销售必须属于一个区域"  # POST /admin/users's words
    assert "用户已存在，修改请在人员管理中进行" in messages["rows.7.display_name"]
    assert "周婷" in messages["rows.7.display_name"]  # what the system holds
    assert "第 2 行" in messages["rows.9.username"] and "成环" in messages["rows.10.manager_id"]
    assert body["field"] == "rows.3.region_id" and body["error_count"] == 11
    assert body["detail"].startswith("第 3 行「所属区域」") and "未导入任何用户" in body["detail"]
    assert await people(api, "ok-rep") == {}  # all or nothing: the good row is not kept


async def test_importing_the_same_file_again_creates_nobody_twice(
        api: httpx.AsyncClient) -> None:
    data = workbook(*TEAM)
    first = await upload(api, data)
    assert first.status_code == 201 and first.json()["created"] == 5
    again = await upload(api, data)
    assert again.status_code == 201, again.text
    assert again.json() == {"created": 0, "unchanged": 5, "users": []}


async def test_a_csv_excel_saved_in_gbk_with_fewer_columns_imports_too(
        api: httpx.AsyncClient) -> None:
    # Only the columns it has are compared: rep01 (of 销售部, not in this file) is
    # unchanged; the new rep's 上级 is 李明 by name, the region a column called 区域.
    text = ("用户名,姓名,角色,区域,上级\r\n"
            "rep01,周婷,销售,华东,李明\r\nnb-rep,甬江,销售,华东,李明\r\n")
    answer = await upload(api, text.encode("gb18030"), name="人员.csv")
    assert answer.status_code == 201, answer.text
    assert (answer.json()["created"], answer.json()["unchanged"]) == (1, 1)
    made = (await people(api, "nb-rep"))["nb-rep"]
    assert made["manager_id"] == (await people(api, "mgr-east"))["mgr-east"]["id"]


async def test_the_exported_list_with_new_rows_added_imports_only_the_new_ones(
        api: httpx.AsyncClient) -> None:
    headers = {"Authorization": f"Bearer {await login(api, 'admin')}"}
    exported = await api.get(f"{USERS}/export.xlsx", headers=headers)
    book = load_workbook(io.BytesIO(exported.content))
    everyone = book.active.max_row - 1
    book.active.append(["hz-rep", "钱塘", "销售", "华东", "销售部", "李明", "", "", ""])
    out = io.BytesIO()
    book.save(out)
    answer = await upload(api, out.getvalue())
    assert answer.status_code == 201, answer.text
    assert (answer.json()["created"], answer.json()["unchanged"]) == (1, everyone)
    made = (await people(api, "hz-rep"))["hz-rep"]  # 上级 李明, by name as exported
    assert made["manager_id"] == (await people(api, "mgr-east"))["mgr-east"]["id"]


async def test_a_manager_listed_below_their_new_reps_is_created_first(
        api: httpx.AsyncClient) -> None:
    answer = await upload(api, workbook(
        ["xa-rep1", "秦川", "销售", "西南", "", "xa-mgr", "", "", ""],
        ["xa-rep2", "渭水", "销售", "西南", "", "秦岭", "", "", ""],  # 上级 by the new name
        ["xa-mgr", "秦岭", "经理", "西南", "", "director", "西南", "", ""]))
    assert answer.status_code == 201, answer.text
    assert [u["username"] for u in answer.json()["users"]] == ["xa-rep1", "xa-rep2", "xa-mgr"]
    made = await people(api, "xa-")
    assert made["xa-rep1"]["manager_id"] == made["xa-rep2"]["manager_id"] == made["xa-mgr"]["id"]


async def test_the_passwords_come_as_a_workbook_when_asked(api: httpx.AsyncClient) -> None:
    answer = await upload(api, workbook(*TEAM[:2]), accept=XLSX)
    assert answer.status_code == 201, answer.text
    assert answer.headers["content-type"] == XLSX
    assert answer.headers["cache-control"] == "no-store"
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("用户名", "姓名", "初始密码")
    assert [r[:2] for r in rows[1:]] == [("sz-mgr", "黄海"), ("sz-rep1", "林珊")]
    await first_login(api, "sz-mgr", str(rows[1][2]))


async def test_only_admins_import_people(api: httpx.AsyncClient) -> None:
    answer = await upload(api, workbook(*TEAM), who="director")
    assert answer.status_code == 403
    assert await people(api, "sz-") == {}


async def test_a_file_that_is_not_a_spreadsheet_is_415_and_too_many_rows_413(
        api: httpx.AsyncClient) -> None:
    text = await upload(api, "用户名,姓名\nsz,深圳".encode(), name="人员.txt")
    assert text.status_code == 415, text.text
    assert text.json()["field"] == "file" and ".xlsx 或 .csv" in text.json()["detail"]
    crowd = [[f"p{n}", "某人", "财务", "", "", "", "", "", ""] for n in range(MAX_ROWS + 1)]
    many = await upload(api, workbook(*crowd))
    assert many.status_code == 413 and str(MAX_ROWS) in many.json()["detail"]
    headless = await upload(api, workbook(["甲", 1], headers=["名字", "电话"]))
    assert headless.status_code == 422 and headless.json()["field"] == "file"


async def test_names_are_stored_tidied_and_an_older_spelling_still_reads_unchanged(
        api: httpx.AsyncClient, gateway_sessions: Any) -> None:
    """姓名 pasted with a double or full-width space is stored as 「林 珊」 as the user form
    stores it; a zero-width space is refused naming its cell; and a person saved before
    names were tidied (「王  建国」) is still `unchanged` when the export comes back."""
    async with gateway_sessions() as session:
        await session.execute(update(User).where(User.username == "director")
                              .values(display_name="王  建国"))
        await session.commit()
    columns = ["用户名", "姓名", "角色", "上级"]
    refused = await upload(api, workbook(["sz-fin1", "林\u3000 珊", "财务", ""],
                                         ["sz-fin2", "邓\u200b超", "财务", ""],
                                         headers=columns))
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["rows.3.display_name"]
    assert "控制字符" in refused.json()["errors"][0]["message"]
    answer = await upload(api, workbook(["sz-fin1", "林\u3000 珊", "财务", ""],
                                        ["director", "王  建国", "总监", ""],
                                        ["sz-fin3", "唐 宁", "财务", "王\u3000建国"],
                                        headers=columns))
    assert answer.status_code == 201, answer.text
    assert (answer.json()["created"], answer.json()["unchanged"]) == (2, 1)
    made = await people(api, "sz-fin")
    assert made["sz-fin1"]["display_name"] == "林 珊"
    assert made["sz-fin3"]["manager_id"] == (await people(api, "director"))["director"]["id"]


async def test_more_new_people_than_one_import_hashes_is_413_and_known_rows_do_not_count(
        api: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each new person's temporary password is hashed in the request, so a file brings at
    most MAX_NEW new people (here 2); rows of people who exist cost nothing and don't
    count, so the exported list of everyone with a few new rows still imports."""
    monkeypatch.setattr(user_import, "MAX_NEW", 2)
    known = [["director", "王建国", "总监"], ["vp", "赵德胜", "总监"], ["gm", "陈志远", "总监"]]
    new = [[f"hb-fin{n}", f"会计{n}", "财务"] for n in range(3)]
    columns = ["用户名", "姓名", "角色"]
    crowd = await upload(api, workbook(*known, *new, headers=columns))
    assert (crowd.status_code, crowd.json()["field"]) == (413, "file"), crowd.text
    assert "3 名新人员" in crowd.json()["detail"] and "不超过 2 名" in crowd.json()["detail"]
    assert await people(api, "hb-fin") == {}
    fits = await upload(api, workbook(*known, *new[:2], headers=columns))
    assert fits.status_code == 201, fits.text
    assert (fits.json()["created"], fits.json()["unchanged"]) == (2, 3)
