"""How a people file's names are read: a region or department by name or code, a 上级 by
username or by a name only one person has; anything that fits several is asked again,
never guessed. And the passwords the import hands out."""

import uuid

import pytest
from gateway.user_import_names import Lookup, Named, manager_username
from gateway.user_import_sheet import load
from gateway.user_rules import check_password, temporary_password

OLD_QC, NEW_QC, TECH = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
DEPARTMENTS = Lookup("部门", [Named(OLD_QC, "qc_old", "质检部", retired=True),
                              Named(NEW_QC, "qc", "质检部"), Named(TECH, "engineering", "技术部")])
PEOPLE = [("mgr-east", "李明"), ("mgr-south", "张伟"), ("sales-zw", "张伟")]


def test_a_department_is_found_by_name_or_code_the_live_one_before_a_retired_namesake() -> None:
    assert DEPARTMENTS.find("技术部") == DEPARTMENTS.find("ENGINEERING") == TECH
    assert DEPARTMENTS.find("质检部") == NEW_QC
    assert DEPARTMENTS.find("qc_old") == OLD_QC
    with pytest.raises(ValueError, match="部门不存在：品质部"):
        DEPARTMENTS.find("品质部")


def test_a_department_typed_with_stray_spaces_or_full_width_letters_is_found() -> None:
    """An admin's sheet says 「技术 部」 or 「ＥＮＧＩＮＥＥＲＩＮＧ」 (a Chinese IME): the same
    department as every list shows it, not 「部门不存在」."""
    assert DEPARTMENTS.find("技术 部") == DEPARTMENTS.find("技\u3000术部 ") == TECH
    assert DEPARTMENTS.find("ＥＮＧＩＮＥＥＲＩＮＧ") == TECH


def test_two_regions_of_one_name_ask_for_the_code() -> None:
    regions = Lookup("区域", [Named(uuid.uuid4(), "east", "华东"),
                              Named(uuid.uuid4(), "east2", "华东")])
    with pytest.raises(ValueError, match="请填写区域编码"):
        regions.find("华东")


def test_a_manager_is_named_by_username_or_by_a_name_only_one_person_has() -> None:
    assert manager_username("MGR-East", users=PEOPLE) == "mgr-east"
    assert manager_username("李明", users=PEOPLE) == "mgr-east"
    with pytest.raises(ValueError, match="有多个姓名为「张伟」的用户"):
        manager_username("张伟", users=PEOPLE)
    with pytest.raises(ValueError, match="上级用户不存在"):
        manager_username("王五", users=PEOPLE)


def test_temporary_passwords_pass_the_policy_and_differ() -> None:
    drawn = {temporary_password("ab") for _ in range(200)}
    assert len(drawn) == 200
    for password in drawn:
        check_password(password, username="ab")
        assert "ab" not in password.lower()


@pytest.mark.parametrize(("status", "active"), [("在职", True), ("在用", True), ("", None),
                                                ("离职", False), ("已停用", False)])
def test_an_hr_rosters_status_reads_as_the_exports(status: str, active: bool | None) -> None:
    """A company brings its HR roster, whose 状态 says 在职 / 离职, not the export's 在用 /
    已停用: the same thing, not a 422 on every row."""
    sheet = f"用户名,姓名,角色,状态\nhz-rep,钱塘,销售,{status}\n".encode()
    [person], errors = load(sheet, "roster.csv")
    assert errors == [] and person.active is active


@pytest.mark.parametrize(("title", "role"), [
    ("销售代表", "rep"), ("业务员", "rep"), ("客户经理", "rep"), ("销售工程师", "rep"),
    ("区域经理", "manager"), ("销售总监", "director"), ("方案工程师", "engineer"),
    ("会计", "finance"), ("系统管理员", "admin"), ("销 售", "rep"), ("Manager", "manager")])
def test_an_hr_rosters_job_title_reads_as_its_role(title: str, role: str) -> None:
    """The roster says 销售代表 or 区域经理 where the export says 销售 / 经理: the role, not a
    422 on every row. 客户经理 is what industrial companies call a sales rep."""
    sheet = f"用户名,姓名,角色\nhz-rep,钱塘,{title}\n".encode()
    [person], errors = load(sheet, "roster.csv")
    assert errors == [] and person.role == role


def test_a_role_nobody_has_is_refused_naming_the_roles() -> None:
    [_], errors = load("用户名,姓名,角色\nhz-rep,钱塘,实习生\n".encode(), "roster.csv")
    assert [e.field for e in errors] == ["role"] and "销售、经理" in errors[0].message
