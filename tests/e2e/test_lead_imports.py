"""Importing leads from a spreadsheet through the gateway: progress, failed rows, no twins."""

from __future__ import annotations

import io
import uuid

import httpx
import pytest
from openpyxl import Workbook, load_workbook

from tests.e2e.helpers import eventually, login

pytestmark = pytest.mark.e2e
HEADERS = ["姓名", "公司", "手机", "邮箱", "省份", "行业"]


@pytest.fixture(scope="module")
def client(stack) -> httpx.Client:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as c:
        yield c


def _xlsx(rows: list[list[object]], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    for row in [headers, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: httpx.Client, headers: dict, name: str, data: bytes,
            content_type: str = "application/octet-stream") -> httpx.Response:
    return client.post("/api/v1/leads/imports", headers=headers,
                       files={"file": (name, data, content_type)})


def _finished(client: httpx.Client, headers: dict, import_id: str) -> dict:
    def probe() -> dict | None:
        body = client.get(f"/api/v1/leads/imports/{import_id}", headers=headers).json()
        return body if body["state"] in {"done", "failed"} else None

    return eventually(probe, timeout=30)


@pytest.fixture(scope="module")
def imported(client) -> dict:
    tag = uuid.uuid4().hex[:8]
    phones = [f"136{uuid.uuid4().int % 10**8:08d}" for _ in range(3)]
    data = _xlsx([
        ["王伟", f"{tag}苏州精工", phones[0], "", "江苏", "机械"],
        ["李娜", f"{tag}无锡重工", "12345", "", "江苏", "机械"],
        ["张三", f"{tag}杭州电机", phones[1], "zhang@example.cn", "浙江", "电机"],
        ["赵六", f"{tag}广州五金", phones[2], "not-an-email", "广东", "五金"],
    ])
    manager = login(client, "mgr-east")
    accepted = _upload(client, manager, "客户名单.xlsx", data)
    assert accepted.status_code == 202, accepted.text
    return {"tag": tag, "data": data, "manager": manager,
            "import_id": accepted.json()["import_id"]}


def test_import_reports_progress_and_counts_good_and_bad_rows(client, imported) -> None:
    done = _finished(client, imported["manager"], imported["import_id"])
    assert (done["state"], done["progress"], done["rows_total"], done["rows_created"],
            done["rows_failed"]) == ("done", 1.0, 4, 2, 2)
    # Whose import it is, by name, in the list the director reads.
    listed = client.get("/api/v1/leads/imports", params={"limit": 100},
                        headers=login(client, "director")).json()["items"]
    mine = next(i for i in listed if i["import_id"] == imported["import_id"])
    assert mine["created_by_name"] not in ("", mine["created_by"])


def test_errors_xlsx_lists_each_bad_row_with_its_original_columns_and_reason(
        client, imported) -> None:
    _finished(client, imported["manager"], imported["import_id"])
    response = client.get(f"/api/v1/leads/imports/{imported['import_id']}/errors.xlsx",
                          headers=imported["manager"])
    assert response.status_code == 200, response.text
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active
                .iter_rows(values_only=True))
    assert list(rows[0][:7]) == [*HEADERS, "错误原因"]
    assert [(r[0], r[6].split('"')[0]) for r in rows[1:]] == [("李娜", "手机"), ("赵六", "邮箱")]


def test_imported_leads_are_assigned_and_listed_for_the_director(client, imported) -> None:
    _finished(client, imported["manager"], imported["import_id"])
    director = login(client, "director")

    def assigned() -> list | None:
        items = client.get("/api/v1/leads", params={"q": imported["tag"], "source": "import"},
                           headers=director).json()["items"]
        return items if len(items) == 2 and all(i["owner_id"] for i in items) else None

    items = eventually(assigned, timeout=30)
    assert {i["province"] for i in items} == {"江苏", "浙江"}


def test_reimporting_the_same_file_creates_nothing(client, imported) -> None:
    _finished(client, imported["manager"], imported["import_id"])
    again = _upload(client, imported["manager"], "客户名单(1).xlsx", imported["data"])
    assert again.status_code == 202
    done = _finished(client, imported["manager"], again.json()["import_id"])
    assert (done["rows_created"], done["rows_merged"], done["rows_failed"]) == (0, 2, 2)


def test_someone_else_cannot_see_the_import(client, imported) -> None:
    path = f"/api/v1/leads/imports/{imported['import_id']}"
    assert client.get(path, headers=login(client, "rep01")).status_code == 404
    assert client.get(path, headers=login(client, "director")).status_code == 200


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("notes.txt", "姓名,手机\n王伟,13812345678\n".encode(), "text/plain"),
    ("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png"),
])
def test_a_file_that_is_not_a_spreadsheet_is_415(client, name, data, content_type) -> None:
    response = _upload(client, login(client, "rep01"), name, data, content_type)
    assert response.status_code == 415, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == "file"
    assert ".xlsx" in response.json()["detail"]


def test_an_upload_over_20_mb_is_413(client) -> None:
    response = _upload(client, login(client, "rep01"), "big.csv", b"a" * (21 * 1024 * 1024))
    assert response.status_code == 413


def test_an_engineer_may_not_import(client) -> None:
    response = _upload(client, login(client, "eng1"), "a.csv", "手机\n13812345678\n".encode())
    assert response.status_code == 403


def test_a_known_customer_in_a_file_is_a_touch_on_their_lead_not_a_new_lead(
        stack, client) -> None:
    from tests.e2e.helpers import submit, web_form

    form = web_form(province="江苏")
    lead_id = submit(client, stack.intake_api_key, form).json()["lead_id"]
    tag = uuid.uuid4().hex[:6]
    fresh = f"135{uuid.uuid4().int % 10**8:08d}"
    data = _xlsx([
        [form["name"], "另一家公司", form["phone"], "", "江苏", "机械"],  # same phone
        [f"{tag}孙七", f"{tag}液压机械厂", fresh, "", "江苏", "液压"],  # new, twin below
        [f"{tag}孙七", f"镇江市{tag}液压机械有限公司", "", f"{tag}@example.cn", "江苏", ""],
    ])
    manager = login(client, "mgr-east")
    accepted = _upload(client, manager, "老客户.xlsx", data)
    done = _finished(client, manager, accepted.json()["import_id"])
    assert (done["rows_created"], done["rows_merged"], done["rows_failed"]) == (1, 2, 0)
    director = login(client, "director")
    touches = client.get(f"/api/v1/leads/{lead_id}", headers=director).json()["touches"]
    assert [(t["channel"], bool(t["match_reason"])) for t in touches] == [
        ("web_form", False), ("import", True)]
    again = _finished(client, manager, _upload(client, manager, "老客户(1).xlsx", data)
                      .json()["import_id"])
    assert (again["rows_created"], again["rows_merged"]) == (0, 3)
    touches = client.get(f"/api/v1/leads/{lead_id}", headers=director).json()["touches"]
    assert len(touches) == 2


def test_owners_hear_of_an_import_once_and_its_uploader_how_it_went(client) -> None:
    tag = uuid.uuid4().hex[:8]
    rows = [[who, f"{tag}{company}", f"139{uuid.uuid4().int % 10**8:08d}", "", "江苏", "机械"]
            for who, company in (("周一", "苏州精工"), ("吴二", "常州电机"), ("郑三", "南通船舶"))]
    manager, name = login(client, "mgr-east"), f"{tag}展会名单.xlsx"
    accepted = _upload(client, manager, name, _xlsx([*rows, ["李娜", "x", "12345", "", "", ""]]))
    import_id = accepted.json()["import_id"]
    _finished(client, manager, import_id)

    def told(headers: dict, kind: str) -> dict | None:
        items = client.get("/api/v1/notifications", headers=headers).json()["items"]
        return next((i for i in items if i["kind"] == kind and name in i["title"]), None)

    outcome = eventually(lambda: told(manager, "lead_import_finished"), timeout=30)
    assert outcome["link"] == f"/leads/imports/{import_id}"
    assert "新建 3 条" in outcome["body"] and "失败 1 条" in outcome["body"]
    leads = client.get("/api/v1/leads", params={"q": tag, "source": "import"},
                       headers=login(client, "director")).json()["items"]
    assert len(leads) == 3
    for owner in {lead["owner_username"] for lead in leads}:
        headers = login(client, owner)
        summary = eventually(lambda h=headers: told(h, "lead_import_assigned"), timeout=30)
        mine = sum(lead["owner_username"] == owner for lead in leads)
        assert f"新线索 {mine} 条" in summary["body"]
        items = client.get("/api/v1/notifications", headers=headers).json()["items"]
        assert not [i for i in items if any(i["link"].endswith(lead["id"]) for lead in leads)]


def test_a_bad_row_with_cells_past_the_header_keeps_its_reason_under_the_reason_column(
        client) -> None:
    """Sheets often carry notes right of the last headed column: the row still fails for its
    phone, and the errors file says so under 错误原因, its row under 原行号."""
    rep = login(client, "rep01")
    data = "姓名,公司,手机\n孙七,备注多的公司,12345,客户说下周再联系,见名片背面\n".encode()
    accepted = _upload(client, rep, "带备注.csv", data, "text/csv")
    assert accepted.status_code == 202, accepted.text
    assert _finished(client, rep, accepted.json()["import_id"])["rows_failed"] == 1
    response = client.get(f"/api/v1/leads/imports/{accepted.json()['import_id']}/errors.xlsx",
                          headers=rep)
    header, row = list(load_workbook(io.BytesIO(response.content)).active
                       .iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert cells["手机"] == "12345"
    assert cells["错误原因"].startswith("手机")
    assert cells["原行号"] == 2


def test_rows_nobody_can_take_reach_the_director_once_and_the_uploader_in_the_summary(
        client) -> None:
    tag = uuid.uuid4().hex[:8]
    # No province, and none to infer (a 400 hotline, which no area code places, and a
    # company without a province in its name): region 其他, where nobody works.
    rows = [[f"客户{n}", f"{tag}无省份{n}", f"4008{uuid.uuid4().int % 10**6:06d}", "", "", ""]
            for n in range(3)]
    manager, director, name = login(client, "mgr-east"), login(client, "director"), \
        f"{tag}名单.xlsx"
    import_id = _upload(client, manager, name, _xlsx(rows)).json()["import_id"]
    _finished(client, manager, import_id)

    def told(headers: dict, kind: str, text: str) -> dict | None:
        items = client.get("/api/v1/notifications", headers=headers).json()["items"]
        return next((i for i in items if i["kind"] == kind and text in i["title"]
                     and name in i["title"]), None)

    stranded = eventually(lambda: told(director, "lead_import_unassignable", "有 3 条"),
                          timeout=30)
    assert stranded["link"] == "/leads?status=unassignable&source=import"
    items = client.get("/api/v1/notifications", headers=director).json()["items"]
    assert not [i for i in items if i["kind"] == "lead_unassignable" and tag in i["title"]]
    outcome = eventually(lambda: told(manager, "lead_import_finished", ""), timeout=30)
    assert "其中 3 条新线索无人可分配" in outcome["body"]


def test_a_reps_own_spreadsheet_stays_theirs_and_every_bad_cell_is_named_once(client) -> None:
    """QA #11/#12/#10: rep01 (周婷) uploads their own customer list. Their new leads are
    theirs, as if typed in by hand; a row with four bad cells is reported once naming all
    four; a row whose only bad cells are optional is imported without them, and says so;
    the notes keep their Chinese punctuation."""
    tag = uuid.uuid4().hex[:8]
    phones = [f"137{uuid.uuid4().int % 10**8:08d}" for _ in range(3)]
    headers = ["姓名", "公司", "手机", "邮箱", "省份", "预算", "紧急程度", "公司规模", "备注"]
    data = _xlsx([
        [f"{tag}刘芳", f"{tag}苏州精工", phones[0], "", "江苏", "80万", "高", "中型",
         "老客户，复购：两台"],
        [f"{tag}陈五", f"{tag}无锡重工", phones[1], "chen@", "火星", "abc", "超急", "", ""],
        [f"{tag}周八", f"{tag}常州电机", phones[2], "zhou@example.cn", "火星", "", "", "大型", ""],
    ], headers)
    rep = login(client, "rep01")
    accepted = _upload(client, rep, f"{tag}我的客户.xlsx", data)
    assert accepted.status_code == 202, accepted.text
    done = _finished(client, rep, accepted.json()["import_id"])
    assert (done["rows_created"], done["rows_failed"], done["rows_warned"]) == (2, 1, 1)

    response = client.get(f"/api/v1/leads/imports/{accepted.json()['import_id']}/errors.xlsx",
                          headers=rep)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    reasons = {row[0]: row[len(headers)] for row in rows[1:]}  # 错误原因 after the columns
    failed, warned = reasons[f"{tag}陈五"], reasons[f"{tag}周八"]
    named = [part.split('"')[0] for part in failed.split("；")]
    assert named == ["邮箱", "省份", "预算", "紧急程度"]
    assert warned.startswith('已导入，以下单元格未导入：省份"火星"')

    me = client.get("/api/v1/me", headers=rep).json()
    leads = client.get("/api/v1/leads", params={"q": tag}, headers=rep).json()["items"]
    assert len(leads) == 2
    for lead in leads:
        assert lead["owner_id"] == me["id"]
        assert lead["assignment_reason"] == "销售导入，归导入人跟进"
    liu = next(lead for lead in leads if lead["name"] == f"{tag}刘芳")
    detail = client.get(f"/api/v1/leads/{liu['id']}", headers=rep).json()
    assert detail["message"] == "老客户，复购：两台"
    assert detail["company_scale"] == "200_1000"


def test_a_warned_row_fixed_in_errors_xlsx_and_imported_again_fills_its_lead(client) -> None:
    """A row kept "with warnings" (its 公司规模 dropped) is fixed in errors.xlsx and that file
    imported again: the row is a touch on its own lead, and now the corrected cell reaches
    the lead, the touch says what it filled, and the lead keeps its owner."""
    tag = uuid.uuid4().hex[:8]
    headers = ["姓名", "公司", "手机", "省份", "公司规模"]
    number = f"138{uuid.uuid4().int % 10**8:08d}"
    manager, director = login(client, "mgr-east"), login(client, "director")
    first = _upload(client, manager, f"{tag}名单.xlsx",
                    _xlsx([[f"{tag}钱九", f"{tag}扬州阀门", number, "江苏", "很多人"]], headers))
    done = _finished(client, manager, first.json()["import_id"])
    assert (done["rows_created"], done["rows_warned"]) == (1, 1)
    [listed] = client.get("/api/v1/leads", params={"q": tag, "source": "import"},
                          headers=director).json()["items"]
    before = client.get(f"/api/v1/leads/{listed['id']}", headers=director).json()
    assert before["company_scale"] is None

    errors = client.get(f"/api/v1/leads/imports/{first.json()['import_id']}/errors.xlsx",
                        headers=manager)
    book = load_workbook(io.BytesIO(errors.content))
    sheet = book.active
    column = [cell.value for cell in sheet[1]].index("公司规模") + 1
    sheet.cell(row=2, column=column, value="50-200")  # the user's fix, in the errors file
    fixed = io.BytesIO()
    book.save(fixed)
    again = _finished(client, manager, _upload(client, manager, f"{tag}名单-已修正.xlsx",
                                               fixed.getvalue()).json()["import_id"])
    assert (again["rows_created"], again["rows_merged"], again["rows_warned"]) == (0, 1, 0)

    lead = client.get(f"/api/v1/leads/{listed['id']}", headers=director).json()
    assert lead["company_scale"] == "50_200"
    assert (lead["owner_id"], lead["status"]) == (before["owner_id"], before["status"])
    assert lead["score"] == before["score"] + 8  # 公司规模50-200人
    touch = lead["touches"][-1]
    assert (touch["channel"], touch["filled"], touch["filled_fields"]) == (
        "import", "补全：公司规模", ["company_scale"])
