"""The people file's shape: the columns of the people export (user_sheet.HEADERS), so an
exported list with new rows added in Excel imports as it is. What the file alone tells is
checked here (a username's form, a role by its zh name or code, 在用/已停用); whom the
names point at, and the rules of a new user, are user_import.py's.

The header may sit under a title line or two ("2027 年销售团队名单"): the first of the
first HEADER_SCAN non-blank rows naming 用户名, 姓名 and 角色 is taken, as the leads
import finds its own. Rows are numbered as Excel shows them; other columns are ignored
(创建时间 among them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from servicekit.invalid import InvalidField

from gateway.org_unit_names import tidy_name
from gateway.problems import FieldProblem, Problem, validation_problem
from gateway.product_import_file import Row, read_rows
from gateway.product_import_sheet import CellError, cell_text, header_key
from gateway.user_rules import ROLE_ZH, normal_username

SHEET_NAME = "用户"  # the export's sheet
HEADER_SCAN = 10
MAX_ROWS = 300  # every new user's password is hashed (argon2, ~0.1 s each) in one request
# Field (named as POST /admin/users names it) -> the export's header, then what else a
# hand-made list calls the column.
COLUMN = {"username": "用户名", "display_name": "姓名", "role": "角色",
          "region_id": "所属区域", "department_id": "部门", "manager_id": "上级",
          "managed_region_ids": "管理的区域", "active": "状态"}
_ALIASES = {"username": ("账号", "登录名"), "region_id": ("区域",),
            "manager_id": ("直属上级", "上级用户名"), "managed_region_ids": ("管理区域",)}
REQUIRED = ("username", "display_name", "role")
_BY_HEADER = {header_key(h): f for f, h in COLUMN.items()} | {f: f for f in COLUMN} | {
    header_key(alias): f for f, aliases in _ALIASES.items() for alias in aliases}
# The export's words and codes, and the job titles an HR roster writes instead. 客户经理
# and 销售工程师 are what industrial companies call their sales reps, not managers/engineers.
_TITLES = {"rep": ("销售代表", "销售员", "业务员", "销售工程师", "客户经理"),
           "manager": ("销售经理", "区域经理", "大区经理"), "director": ("销售总监",),
           "engineer": ("技术工程师", "方案工程师", "技术支持"), "finance": ("会计", "财务专员"),
           "admin": ("系统管理员",)}
_ROLES = ({name: code for code, name in ROLE_ZH.items()} | {code: code for code in ROLE_ZH}
          | {title: code for code, titles in _TITLES.items() for title in titles})
# The export's words, and an HR roster's (在职/离职), which is the list a company brings.
_ACTIVE = {"在用": True, "启用": True, "在职": True, "已停用": False, "停用": False,
           "离职": False, "已离职": False}
_SPLIT = re.compile(r"[、，,；;\s]+")


@dataclass(frozen=True)
class PersonRow:
    """One row as written: the role as its code, references still as names."""

    row: int
    headers: dict[str, str]  # field -> the file's own header, for the errors
    username: str
    display_name: str
    role: str
    region: str
    department: str
    manager: str
    managed: tuple[str, ...]
    active: bool | None  # None: 状态 left empty

    def error(self, field: str, message: str) -> CellError:
        return CellError(self.row, field, message, self.headers.get(field) or COLUMN[field])


def _file_problem(message: str) -> Problem:
    return validation_problem([FieldProblem("file", message)])


def find_header(rows: list[Row]) -> tuple[int, dict[str, int]]:
    """The header's place among `rows` and field -> column index; 422 on `file` else."""
    for place, (_, cells) in enumerate(rows[:HEADER_SCAN]):
        found: dict[str, int] = {}
        for index, cell in enumerate(cells):
            field = _BY_HEADER.get(header_key(cell))
            if field is not None and field not in found:  # a second copy is ignored
                found[field] = index
        if all(f in found for f in REQUIRED):
            return place, found
    raise _file_problem(f"前 {HEADER_SCAN} 行中没有人员导出文件的表头（须含 用户名、姓名、"
                        "角色 列），请从「导出人员」得到的文件开始填写")


def load(data: bytes, filename: str) -> tuple[list[PersonRow], list[CellError]]:
    """The file's people and its bad cells (blocking: run it in a thread)."""
    rows = read_rows(data, filename, SHEET_NAME)
    place, where = find_header(rows) if rows else (0, {})
    people = rows[place + 1:]
    if not people:
        raise _file_problem("文件中没有人员：表头之下每行一人")
    if len(people) > MAX_ROWS:
        raise Problem(413, "payload_too_large", field="file",
                      detail=f"一次最多导入 {MAX_ROWS} 人，本文件有 {len(people)} 行，请分批导入")
    headers = {f: cell_text(rows[place][1][i]) for f, i in where.items()}
    parsed, errors = [], []
    for number, cells in people:
        values = {f: cell_text(cells[i]) if i < len(cells) else "" for f, i in where.items()}
        person, bad = _person(number, headers, values)
        parsed.append(person)
        errors += bad
    return parsed, errors


def _person(number: int, headers: dict[str, str], values: dict[str, str]
            ) -> tuple[PersonRow, list[CellError]]:
    bad: list[tuple[str, str]] = [(f, "不能包含空字符") for f, v in values.items() if "\x00" in v]
    text = {f: values.get(f, "").replace("\x00", "") for f in COLUMN}
    try:
        username = normal_username(text["username"]) if text["username"] else ""
    except InvalidField as error:
        username, bad = text["username"].lower(), [*bad, (error.field, error.message)]
    try:  # stored tidied, as POST /admin/users stores it; compared so in user_import_order
        text["display_name"] = tidy_name(text["display_name"])
    except ValueError as error:
        bad.append(("display_name", str(error)))
    role = _ROLES.get("".join(text["role"].lower().split()), "")
    active = _ACTIVE.get(text["active"])
    bad += [(f, f"{COLUMN[f]}不能为空") for f in REQUIRED if not text[f]]
    if text["role"] and not role:
        bad.append(("role", "角色须为 " + "、".join(ROLE_ZH.values()) + " 之一（或其英文代码）"))
    if text["active"] and active is None:
        bad.append(("active", "状态须为 在用（在职）或 已停用（离职）（可留空）"))
    person = PersonRow(number, headers, username, text["display_name"], role,
                       text["region_id"], text["department_id"], text["manager_id"],
                       tuple(n for n in _SPLIT.split(text["managed_region_ids"]) if n), active)
    return person, [person.error(f, m) for f, m in bad]
